-- A user's edit of the editable fields, at the version the user based it on (the row is already
-- locked, so the version check only guards against a caller that skipped the lock). The engine's
-- columns (next_due_date, retry_count, last_executed_at) are left alone.
UPDATE at_schedule
SET amount_minor = :amountMinor, currency = :currency, memo = :memo, destination_bank = :destinationBank,
    destination_account = :destinationAccount, priority = :priority, end_date = :endDate,
    max_occurrences = :maxOccurrences, version = version + 1, updated_at = :now
WHERE id = :id AND version = :expectedVersion
