-- The hot path: a node's heartbeat and its progress since the last one, on its own row only
-- (counters are per node and summed on read, so no row is shared by the fleet).
UPDATE at_run_node
SET heartbeat_at = :now, processed = processed + :processed, succeeded = succeeded + :succeeded,
    failed = failed + :failed
WHERE run_id = :runId AND node_id = :nodeId
