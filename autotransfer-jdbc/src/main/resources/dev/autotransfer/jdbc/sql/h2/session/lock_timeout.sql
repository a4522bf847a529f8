-- The longest a statement of this session waits for a lock, in milliseconds (error 50200 after it).
SET LOCK_TIMEOUT :lockTimeout
