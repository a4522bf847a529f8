-- Work items claimable at :now by bank, leaving out paused schedules' items (the run-size warning).
SELECT bank_code, COUNT(*) AS due FROM at_work_item
WHERE claimable_at <= :now AND (pending_reason IS NULL OR pending_reason <> 'PAUSED')
GROUP BY bank_code
