-- This installation's id: one row, written at install (docs/schema.md), read by JdbcAutoTransfer.
SELECT installation_id FROM at_installation WHERE id = 1
