-- Whether a node has a row in a run (asked only after an UPDATE of it matched nothing, since
-- MariaDB with useAffectedRows=true counts a row whose values did not change as 0).
SELECT COUNT(*)
FROM at_run_node
WHERE run_id = :runId AND node_id = :nodeId
