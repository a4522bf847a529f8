-- A work item for an occurrence that now needs action; a duplicate (the occurrence has one) is
-- refused by the unique key and the caller ignores it.
INSERT INTO at_work_item (schedule_id, nominal_date, bank_code, priority, kind, not_before, lease_until,
    lease_token, lease_owner, pending_reason, claim_count, created_at, updated_at)
VALUES (:scheduleId, :nominalDate, :bankCode, :priority, :kind, :notBefore, :leaseUntil,
    NULL, NULL, NULL, 0, :createdAt, :createdAt)
