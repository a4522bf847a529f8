-- Moves the run's last progress time forward, never back (the GREATEST of the stored time and
-- now, written as a condition so that NULL needs no dialect's GREATEST and a row already ahead
-- is not written at all).
UPDATE at_run
SET last_progress_at = :now
WHERE id = :runId AND (last_progress_at IS NULL OR last_progress_at < :now)
