-- One history event; a unique rule's refusal inserts nothing instead of aborting the transaction.
INSERT INTO at_history (schedule_id, nominal_date, attempt, idempotency_key, event_type, occurred_at,
    source_bank, source_account, destination_bank, destination_account, amount_minor, currency, memo,
    request_created_at, external_transaction_id, code, detail, node_id)
VALUES (:scheduleId, :nominalDate, :attempt, :idempotencyKey, :eventType, :occurredAt,
    :sourceBank, :sourceAccount, :destinationBank, :destinationAccount, :amountMinor, :currency, :memo,
    :requestCreatedAt, :externalTransactionId, :code, :detail, :nodeId)
ON CONFLICT DO NOTHING
