-- Releases a lease this node holds; the item is claimable again from :notBefore.
UPDATE at_work_item
SET not_before = :notBefore, lease_until = :noLease, lease_token = NULL, lease_owner = NULL,
    pending_reason = :reason, updated_at = :now
WHERE id = :id AND lease_token = :leaseToken
