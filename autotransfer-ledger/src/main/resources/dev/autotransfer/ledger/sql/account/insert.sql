INSERT INTO at_account (customer_id, kind, system_key, name, currency, created_at)
VALUES (:customer, :kind, :systemKey, :name, :currency, :now)
