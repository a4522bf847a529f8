-- The events of a batch of occurrences (a superset: schedule ids x dates, narrowed by the caller).
-- No ORDER BY: the caller sorts each occurrence's events by seq. Ordered here, PostgreSQL may read
-- the whole day's partition through the primary key (nominal_date, seq) to skip a sort, and on a
-- payday every occurrence of a batch shares that date: one chunk's read would scan all of it.
SELECT seq, schedule_id, nominal_date, attempt, idempotency_key, event_type, occurred_at,
    source_bank, source_account, destination_bank, destination_account, amount_minor, currency, memo,
    request_created_at, external_transaction_id, code, detail
FROM at_history
WHERE schedule_id IN (<scheduleIds>) AND nominal_date IN (<nominalDates>)
