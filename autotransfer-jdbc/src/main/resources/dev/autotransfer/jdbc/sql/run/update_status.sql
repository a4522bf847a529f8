-- Moves a run from the status its caller saw to another; 0 rows when someone moved it first.
-- ended_at is bound NULL when the run goes back to RUNNING.
UPDATE at_run
SET status = :to, ended_at = :endedAt
WHERE id = :runId AND status = :from
