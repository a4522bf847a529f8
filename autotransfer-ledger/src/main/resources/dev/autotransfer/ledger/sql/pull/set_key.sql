UPDATE at_pull SET idempotency_key = :key WHERE id = :id
