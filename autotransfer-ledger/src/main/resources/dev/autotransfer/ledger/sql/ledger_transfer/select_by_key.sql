SELECT * FROM at_ledger_transfer WHERE idempotency_key = :key
