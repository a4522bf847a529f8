-- Resumes a STOPPED run: its stage begins again and its failure rate counts only outcomes from now;
-- the last stop's time and reason stay for the record.
UPDATE at_run
SET status = 'RUNNING', ended_at = NULL, stage_started_at = :now, evaluated_from = :now
WHERE id = :runId AND status = 'STOPPED'
