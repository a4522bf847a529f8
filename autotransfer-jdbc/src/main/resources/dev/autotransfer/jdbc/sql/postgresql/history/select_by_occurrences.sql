-- PostgreSQL: the events of exactly these occurrences, looked up one occurrence at a time through
-- the (schedule_id, nominal_date, ...) indexes. The LATERAL subquery (not flattened) leaves the
-- planner no plan that reads a whole partition: on a month's partition that autovacuum has not
-- analyzed yet, a plain IN (...) AND IN (...) was planned as a scan of every row of the day, and
-- on a payday every occurrence of a batch shares that day. The caller sorts events by seq.
SELECT h.seq, h.schedule_id, h.nominal_date, h.attempt, h.idempotency_key, h.event_type, h.occurred_at,
    h.source_bank, h.source_account, h.destination_bank, h.destination_account, h.amount_minor, h.currency,
    h.memo, h.request_created_at, h.external_transaction_id, h.code, h.detail
FROM unnest(CAST(:scheduleIds AS BIGINT[]), CAST(:nominalDates AS DATE[])) AS o(schedule_id, nominal_date)
CROSS JOIN LATERAL (
    SELECT * FROM at_history
    WHERE at_history.schedule_id = o.schedule_id AND at_history.nominal_date = o.nominal_date
    OFFSET 0 -- keeps the subquery from being flattened into a join that may scan every partition
) AS h
