-- The application user: owns nothing, may INSERT and SELECT history and audit (no UPDATE or
-- DELETE, and no DROP, which TRUNCATE needs) and has full DML on the operational tables.
-- ${role} and ${schema} are validated identifiers; the user is '${role}'@'%'.
CREATE USER IF NOT EXISTS '${role}'@'%'
-- ;;
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
GRANT SELECT, INSERT, UPDATE, DELETE ON `${schema}`.at_audit_relay TO '${role}'@'%'
-- ;;
GRANT SELECT ON `${schema}`.at_schema_version TO '${role}'@'%'
