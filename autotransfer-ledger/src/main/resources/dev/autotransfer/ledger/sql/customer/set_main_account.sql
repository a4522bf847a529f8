UPDATE at_customer SET main_account_id = :main WHERE id = :id
