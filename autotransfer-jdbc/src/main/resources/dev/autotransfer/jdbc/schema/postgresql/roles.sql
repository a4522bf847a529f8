-- Grants of the application role, created before by role_create.sql or role_password.sql: a
-- login role that owns nothing, may INSERT and SELECT history and audit (never UPDATE, DELETE or
-- TRUNCATE them) and has full DML on the operational tables. ${role} and ${schema} are validated
-- identifiers. History partitions get no grants at all: rows reach them through the parent, and
-- a TRUNCATE of one partition is refused.
GRANT USAGE ON SCHEMA ${schema} TO ${role}
-- ;;
GRANT SELECT, INSERT ON at_history, at_audit_log, at_movement, at_ledger_entry TO ${role}
-- ;;
GRANT SELECT, INSERT, UPDATE, DELETE ON at_schedule, at_work_item, at_dead_letter, at_run, at_run_node, at_run_sample,
    at_audit_relay TO ${role}
-- ;;
GRANT SELECT, INSERT, UPDATE ON at_customer, at_account, at_hold, at_pull, at_ledger_transfer TO ${role}
-- ;;
GRANT SELECT, INSERT, DELETE ON at_alarm TO ${role}
-- ;;
GRANT SELECT ON at_schema_version, at_installation TO ${role}
-- ;;
GRANT USAGE ON SEQUENCE at_history_seq, at_audit_log_seq TO ${role}
