SELECT * FROM at_ledger_entry WHERE account_id = :id ORDER BY id
