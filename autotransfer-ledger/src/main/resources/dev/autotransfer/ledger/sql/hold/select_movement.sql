SELECT movement_id FROM at_hold WHERE reference = :ref
