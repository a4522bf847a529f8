INSERT INTO at_hold (reference, account_id, amount_minor, currency, status, created_at)
VALUES (:ref, :account, :amount, :currency, 'PENDING', :now)
