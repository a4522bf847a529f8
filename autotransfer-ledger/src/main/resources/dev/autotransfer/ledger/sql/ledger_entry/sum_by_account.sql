SELECT COALESCE(SUM(amount_minor), 0) FROM at_ledger_entry WHERE account_id = :id
