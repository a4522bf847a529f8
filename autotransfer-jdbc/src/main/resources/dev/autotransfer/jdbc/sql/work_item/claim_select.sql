-- Due, unleased work items of one bank and priority, in claim-index order (bank_code, priority,
-- claimable_at, id), locked and skipping rows another claimer holds.
-- claimable_at is generated: GREATEST(not_before, lease_until). :floor starts the range scan past
-- the entries of items already finished (see WorkItemClaims); the epoch when there is none.
SELECT id, schedule_id, nominal_date, bank_code, priority, kind, claimable_at
FROM at_work_item
WHERE bank_code = :bank AND priority = :priority AND claimable_at >= :floor AND claimable_at <= :now
ORDER BY claimable_at, id
LIMIT :limit
FOR UPDATE SKIP LOCKED
