-- Releases every work item leased under one claim's token (a claim whose commit was lost, if it
-- took effect), keeping their not-before times.
UPDATE at_work_item
SET lease_until = :noLease, lease_token = NULL, lease_owner = NULL, updated_at = :now
WHERE lease_token = :leaseToken
