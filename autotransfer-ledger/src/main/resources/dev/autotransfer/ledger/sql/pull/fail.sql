UPDATE at_pull SET status = 'FAILED', code = :code, settled_at = :now
WHERE id = :id AND status = 'PENDING'
