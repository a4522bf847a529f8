SELECT * FROM at_hold WHERE reference = :ref
