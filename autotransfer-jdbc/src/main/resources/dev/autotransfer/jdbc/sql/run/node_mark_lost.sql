-- Marks one candidate LOST, re-checking the condition under the row lock: 0 rows when another
-- caller marked it first or the node heartbeat meanwhile.
UPDATE at_run_node
SET status = 'LOST'
WHERE run_id = :runId AND node_id = :nodeId AND status = 'ACTIVE' AND heartbeat_at < :heartbeatBefore
