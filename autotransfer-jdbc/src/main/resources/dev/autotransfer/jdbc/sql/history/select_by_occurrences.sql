-- The events of a batch of occurrences (a superset: schedule ids x dates, narrowed by the caller),
-- in sequence order, the only order between events.
SELECT seq, schedule_id, nominal_date, attempt, idempotency_key, event_type, occurred_at,
    source_bank, source_account, destination_bank, destination_account, amount_minor, currency, memo,
    request_created_at, external_transaction_id, code, detail
FROM at_history
WHERE schedule_id IN (<scheduleIds>) AND nominal_date IN (<nominalDates>)
ORDER BY seq
