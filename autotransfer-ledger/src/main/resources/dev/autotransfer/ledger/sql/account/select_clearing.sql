SELECT id FROM at_account WHERE system_key = :key
