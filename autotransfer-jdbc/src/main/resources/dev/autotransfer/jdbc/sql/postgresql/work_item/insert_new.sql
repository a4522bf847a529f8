-- A work item for an occurrence that now needs action; an occurrence that has one keeps it (a
-- failed statement would abort the whole PostgreSQL transaction, so the conflict is skipped here).
INSERT INTO at_work_item (schedule_id, nominal_date, bank_code, priority, kind, not_before, lease_until,
    lease_token, lease_owner, pending_reason, claim_count, created_at, updated_at)
VALUES (:scheduleId, :nominalDate, :bankCode, :priority, :kind, :notBefore, :leaseUntil,
    NULL, NULL, NULL, 0, :createdAt, :createdAt)
ON CONFLICT (schedule_id, nominal_date) DO NOTHING
