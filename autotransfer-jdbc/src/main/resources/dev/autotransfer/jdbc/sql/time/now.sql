-- The database's current instant, with its zone (H2: the command's start).
SELECT CURRENT_TIMESTAMP
