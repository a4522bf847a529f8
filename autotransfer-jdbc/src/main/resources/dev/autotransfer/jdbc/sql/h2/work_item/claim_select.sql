-- H2 takes FETCH FIRST, not LIMIT, with FOR UPDATE SKIP LOCKED.
SELECT id, schedule_id, nominal_date, bank_code, priority, kind, claimable_at
FROM at_work_item
WHERE bank_code = :bank AND priority = :priority AND claimable_at >= :floor AND claimable_at <= :now
ORDER BY claimable_at, id
FETCH FIRST :limit ROWS ONLY
FOR UPDATE SKIP LOCKED
