-- The schedule moves on, only from the occurrence it still points at (never backwards, never twice).
UPDATE at_schedule SET next_due_date = :toDate, retry_count = 0, updated_at = :now
WHERE id = :id AND next_due_date = :fromDate
