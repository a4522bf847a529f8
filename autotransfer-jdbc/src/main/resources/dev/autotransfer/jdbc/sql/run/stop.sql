-- Stops a RUNNING run (or a COMPLETED one that found new work) with the reason: exactly one of
-- concurrent callers matches the row.
UPDATE at_run
SET status = 'STOPPED', ended_at = :now, stopped_at = :now, stop_reason = :reason
WHERE id = :runId AND status IN ('RUNNING', 'COMPLETED')
