-- A run's status and rollout columns, for a node judging the rollout or reserving sends.
SELECT status, stage, stage_started_at, sends_reserved, evaluated_from, stopped_at, stop_reason
FROM at_run
WHERE id = :runId
