-- A node leaves a run cleanly; its last heartbeat is the moment it left.
UPDATE at_run_node
SET status = 'STOPPED', heartbeat_at = :now
WHERE run_id = :runId AND node_id = :nodeId
