-- matches no row when a twin call linked a pull first or held the key for a payout
UPDATE at_ledger_transfer SET pull_id = :pull
WHERE id = :id AND pull_id IS NULL AND status = 'OPEN' AND held = FALSE
