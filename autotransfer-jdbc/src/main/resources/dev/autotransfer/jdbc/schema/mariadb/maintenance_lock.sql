-- Serializes installers and partition upkeep of one database across nodes (DDL commits at once,
-- so a named session lock, released explicitly). ALTER waits at most 10 s for its metadata lock.
SET SESSION lock_wait_timeout = 10
-- ;;
SELECT GET_LOCK(CONCAT('autotransfer:', DATABASE()), 30)
