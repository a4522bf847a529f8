-- Locks schedules in id order (every engine transaction locks schedules before work items, in the
-- same order, so two chunks cannot deadlock on them) and reads what the fences compare.
SELECT id, status, version, next_due_date
FROM at_schedule
WHERE id IN (<ids>)
ORDER BY id
FOR UPDATE
