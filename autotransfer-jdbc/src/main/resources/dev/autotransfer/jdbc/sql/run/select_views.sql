-- Runs of a date range, newest first, each with its node rows (none when no node row exists).
-- Node order and counter sums are settled in Java, so they do not depend on a collation.
SELECT r.id AS run_id, r.business_date, r.status AS run_status, r.started_at AS run_started_at, r.ended_at,
    r.last_progress_at, r.stage, r.stage_started_at, r.sends_reserved, r.evaluated_from, r.stopped_at, r.stop_reason,
    n.node_id, n.status AS node_status, n.started_at AS node_started_at, n.heartbeat_at,
    n.processed, n.succeeded, n.failed
FROM at_run r
LEFT JOIN at_run_node n ON n.run_id = r.id
WHERE r.business_date BETWEEN :from AND :to
ORDER BY r.business_date DESC, r.id
