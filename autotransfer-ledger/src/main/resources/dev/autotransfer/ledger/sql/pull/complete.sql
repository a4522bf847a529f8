-- matches no row when another call settled the pull first
UPDATE at_pull SET status = 'COMPLETE', movement_id = :movement, bank_transaction_id = :bankId, code = NULL,
    settled_at = :now
WHERE id = :id AND status = 'PENDING'
