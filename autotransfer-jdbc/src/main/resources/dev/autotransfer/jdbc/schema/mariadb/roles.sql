-- Grants of the application user '${role}'@'%', created before by role_create.sql or
-- role_password.sql. It owns nothing, may INSERT and SELECT history and audit (no UPDATE or
-- DELETE, and no DROP, which TRUNCATE needs) and has full DML on the operational tables.
-- ${role} and ${schema} are validated identifiers. The sql_mode NO_AUTO_CREATE_USER or not, a
-- GRANT never meets a missing user here: the user always exists first.
GRANT SELECT, INSERT ON `${schema}`.at_history TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT ON `${schema}`.at_audit_log TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE, DELETE ON `${schema}`.at_schedule TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE, DELETE ON `${schema}`.at_work_item TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE, DELETE ON `${schema}`.at_dead_letter TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE, DELETE ON `${schema}`.at_run TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE, DELETE ON `${schema}`.at_run_node TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE, DELETE ON `${schema}`.at_run_sample TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE, DELETE ON `${schema}`.at_audit_relay TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, DELETE ON `${schema}`.at_alarm TO '${role}'@'%'
-- ;;
GRANT SELECT ON `${schema}`.at_schema_version TO '${role}'@'%'
-- ;;
GRANT SELECT ON `${schema}`.at_installation TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT ON `${schema}`.at_movement TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT ON `${schema}`.at_ledger_entry TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE ON `${schema}`.at_customer TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE ON `${schema}`.at_account TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE ON `${schema}`.at_hold TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE ON `${schema}`.at_pull TO '${role}'@'%'
-- ;;
GRANT SELECT, INSERT, UPDATE ON `${schema}`.at_ledger_transfer TO '${role}'@'%'
