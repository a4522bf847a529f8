-- PostgreSQL: the claim and its lease in one statement. The subquery selects and locks due,
-- unleased work items of one bank and priority in claim-index order, skipping rows another claimer
-- holds; the update leases them under one token. Returns each item with the claimable_at it was
-- claimed at (the subquery's, not the new one).
UPDATE at_work_item AS w
SET lease_until = :leaseUntil, lease_token = :leaseToken, lease_owner = :leaseOwner,
    claim_count = w.claim_count + 1, updated_at = :now
FROM (
    SELECT id, claimable_at
    FROM at_work_item
    WHERE bank_code = :bank AND priority = :priority AND claimable_at >= :floor AND claimable_at <= :now
    ORDER BY claimable_at, id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
) AS c
WHERE w.id = c.id
RETURNING w.id, w.schedule_id, w.nominal_date, w.bank_code, w.priority, w.kind, c.claimable_at
