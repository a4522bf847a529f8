INSERT INTO at_ledger_transfer (idempotency_key, source_account_id, destination_bank, destination_account,
    amount_minor, currency, memo, request_created_at, status, code, code_kind, retryable, message, created_at,
    settled_at)
VALUES (:key, :source, :destBank, :destAccount, :amount, :currency, :memo, :requestAt, :status, :code, :kind,
    :retryable, :message, :now, :settledAt)
