-- 1 when some node of any run had joined by the instant and heartbeat at or after
-- instant - tolerance, else 0.
SELECT CASE WHEN EXISTS (
    SELECT 1 FROM at_run_node WHERE started_at <= :instant AND heartbeat_at >= :aliveSince
) THEN 1 ELSE 0 END
