-- One history event. MariaDB and H2: a unique rule's refusal (1062 / 23505) fails only this
-- statement and the caller catches it; never INSERT IGNORE or ON DUPLICATE KEY UPDATE.
INSERT INTO at_history (schedule_id, nominal_date, attempt, idempotency_key, event_type, occurred_at,
    source_bank, source_account, destination_bank, destination_account, amount_minor, currency, memo,
    request_created_at, external_transaction_id, code, detail, node_id)
VALUES (:scheduleId, :nominalDate, :attempt, :idempotencyKey, :eventType, :occurredAt,
    :sourceBank, :sourceAccount, :destinationBank, :destinationAccount, :amountMinor, :currency, :memo,
    :requestCreatedAt, :externalTransactionId, :code, :detail, :nodeId)
