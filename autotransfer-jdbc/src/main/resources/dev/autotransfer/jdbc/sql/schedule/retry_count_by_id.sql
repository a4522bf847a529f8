-- The summary retry count of the current occurrence (engine bookkeeping: the version is unchanged);
-- the caller checked under the row lock that the schedule points at the occurrence.
UPDATE at_schedule SET retry_count = :retryCount, updated_at = :now WHERE id = :id
