-- matches no row when another call settled the hold first
UPDATE at_hold SET status = :target, settled_at = :now
WHERE reference = :ref AND status = 'PENDING'
