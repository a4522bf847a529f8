INSERT INTO at_ledger_entry (movement_id, account_id, amount_minor, currency)
VALUES (:movement, :account, :amount, :currency)
