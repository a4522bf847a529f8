-- The fleet's outcomes and failures sampled in a window (at_run_sample_run_ix).
SELECT COALESCE(SUM(outcomes), 0) AS outcomes, COALESCE(SUM(failures), 0) AS failures
FROM at_run_sample
WHERE run_id = :runId AND sampled_at >= :since
