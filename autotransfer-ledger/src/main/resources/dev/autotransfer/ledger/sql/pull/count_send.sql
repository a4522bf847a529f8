UPDATE at_pull SET sends = sends + 1 WHERE id = :id AND status = 'PENDING'
