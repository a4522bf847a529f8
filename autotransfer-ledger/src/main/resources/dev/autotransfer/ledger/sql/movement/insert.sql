INSERT INTO at_movement (reference, kind, debit_account_id, credit_account_id, amount_minor, currency,
    created_at)
VALUES (:ref, :kind, :debit, :credit, :amount, :currency, :now)
