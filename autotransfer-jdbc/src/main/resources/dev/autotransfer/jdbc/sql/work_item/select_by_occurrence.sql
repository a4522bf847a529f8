-- The work item of one occurrence, if it still needs action (for an occurrence's story).
SELECT kind, not_before, pending_reason, lease_until, lease_token, claim_count
FROM at_work_item
WHERE schedule_id = :scheduleId AND nominal_date = :nominalDate
