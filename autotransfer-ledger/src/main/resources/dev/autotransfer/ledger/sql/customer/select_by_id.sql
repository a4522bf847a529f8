-- a customer whose sign-up transaction committed (it links the main account last)
SELECT * FROM at_customer WHERE id = :id AND main_account_id IS NOT NULL
