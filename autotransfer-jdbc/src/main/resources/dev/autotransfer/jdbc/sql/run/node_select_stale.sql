-- Candidates for LOST: ACTIVE nodes of a run whose heartbeat is older than the bound.
SELECT node_id
FROM at_run_node
WHERE run_id = :runId AND status = 'ACTIVE' AND heartbeat_at < :heartbeatBefore
