-- A node joins a run it already has a row in (also after being marked LOST or STOPPED): ACTIVE
-- with a fresh heartbeat; started_at and the counters are kept.
UPDATE at_run_node
SET status = 'ACTIVE', heartbeat_at = :now
WHERE run_id = :runId AND node_id = :nodeId
