SELECT * FROM at_customer WHERE client_reference = :ref AND main_account_id IS NOT NULL
