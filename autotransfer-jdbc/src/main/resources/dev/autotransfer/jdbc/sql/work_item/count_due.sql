-- Work items claimable at :now, over all banks, leaving out paused schedules' items (they wait for
-- a person's resume, not for the engine).
SELECT COUNT(*) FROM at_work_item
WHERE claimable_at <= :now AND (pending_reason IS NULL OR pending_reason <> 'PAUSED')
