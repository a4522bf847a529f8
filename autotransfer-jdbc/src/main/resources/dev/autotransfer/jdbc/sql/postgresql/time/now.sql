-- The server's current instant: clock_timestamp() moves on within a transaction, CURRENT_TIMESTAMP
-- would be the transaction's start.
SELECT clock_timestamp()
