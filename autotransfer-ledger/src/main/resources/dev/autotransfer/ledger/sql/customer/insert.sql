-- a customer's row without its main account, which is inserted next and linked by set_main_account.sql
INSERT INTO at_customer (client_reference, time_zone, currency, daily_pull_limit_minor, linked_bank, linked_account,
    created_at)
VALUES (:ref, :zone, :currency, :limit, :bank, :account, :now)
