SELECT RELEASE_LOCK(CONCAT('autotransfer:', DATABASE()))
-- ;;
SET SESSION lock_wait_timeout = DEFAULT
