-- A dead-letter entry, unique per (key, kind): a twin's duplicate is refused and ignored.
INSERT INTO at_dead_letter (schedule_id, nominal_date, attempt, idempotency_key, kind, code, detail, status,
    created_at, version)
VALUES (:scheduleId, :nominalDate, :attempt, :idempotencyKey, :kind, :code, :detail, 'OPEN', :createdAt, 0)
