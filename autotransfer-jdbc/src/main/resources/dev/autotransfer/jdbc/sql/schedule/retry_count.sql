-- The summary retry count of the current occurrence (engine bookkeeping: the version is unchanged).
UPDATE at_schedule SET retry_count = :retryCount, updated_at = :now
WHERE id = :id AND next_due_date = :nominalDate
