SELECT * FROM at_pull WHERE reference = :ref
