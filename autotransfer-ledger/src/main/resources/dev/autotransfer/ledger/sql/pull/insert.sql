INSERT INTO at_pull (reference, customer_id, account_id, amount_minor, currency, business_date, status,
    created_at)
VALUES (:ref, :customer, :account, :amount, :currency, :day, 'PENDING', :now)
