-- Runs after role_password.sql whatever happened, so that a pooled connection keeps no password
-- hash: neither in the session variables nor in the text of a statement left prepared.
SET @autotransfer_role_auth = NULL, @autotransfer_role_ddl = NULL
-- ;;
-- replaces any statement of that name first, so that the DEALLOCATE cannot fail
PREPARE autotransfer_role_stmt FROM 'DO 0'
-- ;;
DEALLOCATE PREPARE autotransfer_role_stmt
