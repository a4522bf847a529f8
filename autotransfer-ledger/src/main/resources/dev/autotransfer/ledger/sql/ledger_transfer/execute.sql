-- matches no row when another call settled the key first
UPDATE at_ledger_transfer SET status = 'EXECUTED', movement_id = :movement, external_transaction_id = :bankId,
    settled_at = :now
WHERE id = :id AND status = 'OPEN'
