SELECT * FROM at_account WHERE id = :id
