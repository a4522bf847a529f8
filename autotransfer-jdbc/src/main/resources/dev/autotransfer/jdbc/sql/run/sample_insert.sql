-- One node's outcomes (and failures among them) since its last heartbeat: insert-only, one row per
-- heartbeat with outcomes, so no row is shared by the fleet.
INSERT INTO at_run_sample (run_id, node_id, sampled_at, outcomes, failures)
VALUES (:runId, :nodeId, :now, :outcomes, :failures)
