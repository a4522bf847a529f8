-- The server's current UTC wall time with microseconds (a DATETIME has no zone; NOW() would be
-- in the session's time_zone).
SELECT UTC_TIMESTAMP(6)
