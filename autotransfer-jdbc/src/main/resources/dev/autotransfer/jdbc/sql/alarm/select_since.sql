-- Alarms raised at or after :since, newest first.
SELECT id, occurred_at, kind, bank_code, schedule_id, nominal_date, detail, node_id, run_id
FROM at_alarm
WHERE occurred_at >= :since
ORDER BY occurred_at DESC, id DESC
LIMIT :limit
