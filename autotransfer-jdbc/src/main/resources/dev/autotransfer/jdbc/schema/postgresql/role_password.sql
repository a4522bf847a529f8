-- Creates the application role with its password in one statement, or resets the password of an
-- existing role (and lets it log in). The password is a bind value. PostgreSQL takes no binds in
-- CREATE ROLE or ALTER ROLE, so it travels through a transaction-local setting and is quoted by
-- format(%L). DDL is transactional here: nothing is visible before the installer's commit.
SELECT set_config('autotransfer.role_password', :password, true)
-- ;;
DO $$
BEGIN
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS'
        ' PASSWORD %L', '${role}', current_setting('autotransfer.role_password'));
EXCEPTION
    -- exists already, or another session created it a moment ago: roles are cluster-wide
    WHEN duplicate_object OR unique_violation THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', '${role}', current_setting('autotransfer.role_password'));
END
$$
