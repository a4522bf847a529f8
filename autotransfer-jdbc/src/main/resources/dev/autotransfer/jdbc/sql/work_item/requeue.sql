-- A requeue takes over the occurrence's remaining work item: due now, kind REQUEUED, the lease
-- cleared. A node that still holds the old token is fenced by it: its writes no longer match.
UPDATE at_work_item
SET kind = 'REQUEUED', bank_code = :bankCode, priority = :priority, not_before = :now, lease_until = :noLease,
    lease_token = NULL, lease_owner = NULL, pending_reason = NULL, updated_at = :now
WHERE id = :id
