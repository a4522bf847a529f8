UPDATE at_hold SET movement_id = :movement WHERE reference = :ref
