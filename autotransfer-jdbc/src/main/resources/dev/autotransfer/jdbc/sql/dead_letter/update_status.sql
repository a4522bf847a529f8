-- A person's change of an entry's status, conditional on the version the change was based on.
UPDATE at_dead_letter
SET status = :status, resolved_by = :resolvedBy, resolved_at = :resolvedAt, version = version + 1
WHERE id = :id AND version = :expectedVersion
