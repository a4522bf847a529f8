-- Serializes installers and partition upkeep of one schema across nodes, until the transaction
-- ends. Creating a partition locks the parent: never wait long behind open history writers.
SET LOCAL lock_timeout = '10s'
-- ;;
SELECT pg_advisory_xact_lock(hashtext('autotransfer:' || current_schema()))
