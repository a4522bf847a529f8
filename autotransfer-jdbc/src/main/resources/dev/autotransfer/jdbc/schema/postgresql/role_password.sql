-- The password is a bind value; PostgreSQL takes no binds in ALTER ROLE, so it travels through
-- a transaction-local setting and is quoted by format(%L).
SELECT set_config('autotransfer.role_password', :password, true)
-- ;;
DO $$
BEGIN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', '${role}', current_setting('autotransfer.role_password'));
END
$$
