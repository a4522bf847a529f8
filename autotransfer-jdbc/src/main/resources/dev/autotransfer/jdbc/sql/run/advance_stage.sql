-- Moves a RUNNING run from the stage its caller saw to the next, which begins now; 0 rows when
-- another node moved it first or the run is not RUNNING.
UPDATE at_run
SET stage = :to, stage_started_at = :now
WHERE id = :runId AND stage = :from AND status IN ('RUNNING', 'COMPLETED')
