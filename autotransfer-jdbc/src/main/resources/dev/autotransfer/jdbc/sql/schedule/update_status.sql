-- A user's pause, resume or cancel, at the version the user based it on.
UPDATE at_schedule
SET status = :status, version = version + 1, updated_at = :now
WHERE id = :id AND version = :expectedVersion
