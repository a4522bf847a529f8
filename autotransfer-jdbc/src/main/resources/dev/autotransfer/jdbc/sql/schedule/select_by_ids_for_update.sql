-- The columns ScheduleRowMapper reads, for the schedules of a claimed chunk, locked in id order (the
-- order every engine transaction locks schedules in): the fences of the chunk's openings.
SELECT id, client_reference, source_bank, source_account, destination_bank, destination_account,
    amount_minor, currency, memo, priority, status, start_date, end_date, max_occurrences, frequency,
    interval_count, day_of_month, last_day_of_month, day_of_week, time_zone, business_day_rule, calendar_id,
    catch_up_policy, next_due_date, version, retry_count, last_executed_at, created_at
FROM at_schedule
WHERE id IN (<ids>)
ORDER BY id
FOR UPDATE
