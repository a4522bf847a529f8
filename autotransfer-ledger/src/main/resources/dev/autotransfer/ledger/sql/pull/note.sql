UPDATE at_pull SET code = :code WHERE id = :id AND status = 'PENDING'
