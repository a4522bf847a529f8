-- The dead-letter entries of one occurrence, oldest first (for an occurrence's story).
SELECT attempt, idempotency_key, kind, code, detail, status, created_at
FROM at_dead_letter
WHERE schedule_id = :scheduleId AND nominal_date = :nominalDate
ORDER BY id
