-- Grants of the application user, created before by role_password.sql (H2 authenticates by
-- password only, so there is no user without one). It owns nothing, may INSERT and SELECT history
-- and audit (no UPDATE or DELETE, and TRUNCATE needs DELETE) and has full DML on the operational
-- tables. ${role} is a validated identifier.
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
