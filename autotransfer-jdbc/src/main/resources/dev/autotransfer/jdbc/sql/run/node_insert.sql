-- A node's first join of a run: ACTIVE, joined and heartbeating now, nothing counted yet.
-- (run_id, node_id) is the primary key: a concurrent join of the same node fails here and
-- re-activates the winner's row instead.
INSERT INTO at_run_node (run_id, node_id, status, started_at, heartbeat_at, processed, succeeded, failed)
VALUES (:runId, :nodeId, 'ACTIVE', :now, :now, 0, 0, 0)
