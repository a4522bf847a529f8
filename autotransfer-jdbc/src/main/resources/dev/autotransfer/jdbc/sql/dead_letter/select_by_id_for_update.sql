-- One dead-letter entry by id, locked for a person's change (after its schedule's row: schedules
-- are locked first, as the engine does).
SELECT id, schedule_id, nominal_date, attempt, idempotency_key, kind, code, detail, status, created_at,
    resolved_by, resolved_at, version
FROM at_dead_letter
WHERE id = :id
FOR UPDATE
