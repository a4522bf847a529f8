-- Leases the rows the claim selected (and locked) in the same transaction. MariaDB takes no
-- LIMIT inside IN (subquery), so the update goes by ids.
UPDATE at_work_item
SET lease_until = :leaseUntil, lease_token = :leaseToken, lease_owner = :leaseOwner,
    claim_count = claim_count + 1, updated_at = :now
WHERE id IN (<ids>)
