-- The longest a statement of this session waits for a lock (55P03 lock_not_available after it).
-- SET takes no bind values in PostgreSQL; set_config does. Not local: for the whole session.
SELECT set_config('lock_timeout', :lockTimeout, false)
