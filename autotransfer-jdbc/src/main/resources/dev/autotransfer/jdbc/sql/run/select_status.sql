-- The status of one run, read after a heartbeat so a node learns a stop decided elsewhere.
SELECT status
FROM at_run
WHERE id = :runId
