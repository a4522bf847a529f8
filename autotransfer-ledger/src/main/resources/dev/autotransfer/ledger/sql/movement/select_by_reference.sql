SELECT * FROM at_movement WHERE reference = :ref
