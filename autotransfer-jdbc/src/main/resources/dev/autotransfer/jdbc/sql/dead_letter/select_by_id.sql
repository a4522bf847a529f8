-- One dead-letter entry by id.
SELECT id, schedule_id, nominal_date, attempt, idempotency_key, kind, code, detail, status, created_at,
    resolved_by, resolved_at, version
FROM at_dead_letter
WHERE id = :id
