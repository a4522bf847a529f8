-- A new schedule, ACTIVE at version 0; next_due_date is the recurrence's first nominal date.
-- The database generates id; client_reference is unique (a duplicate is the caller's to resolve).
INSERT INTO at_schedule (client_reference, source_bank, source_account, destination_bank, destination_account,
    amount_minor, currency, memo, priority, status, start_date, end_date, max_occurrences, frequency,
    interval_count, day_of_month, last_day_of_month, day_of_week, time_zone, business_day_rule, calendar_id,
    catch_up_policy, next_due_date, version, retry_count, last_executed_at, created_at, updated_at)
VALUES (:clientReference, :sourceBank, :sourceAccount, :destinationBank, :destinationAccount,
    :amountMinor, :currency, :memo, :priority, :status, :startDate, :endDate, :maxOccurrences, :frequency,
    :intervalCount, :dayOfMonth, :lastDayOfMonth, :dayOfWeek, :timeZone, :businessDayRule, :calendarId,
    :catchUpPolicy, :nextDueDate, 0, 0, NULL, :createdAt, :createdAt)
