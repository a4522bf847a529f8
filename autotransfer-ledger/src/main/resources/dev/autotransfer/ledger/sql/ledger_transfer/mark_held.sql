UPDATE at_ledger_transfer SET held = TRUE
WHERE id = :id AND status = 'OPEN' AND held = FALSE
