-- The run of a business date, RUNNING from now, in its first rollout stage with nothing reserved
-- and its failure rate judged from now. business_date is unique: a concurrent join that loses the
-- race fails here and reads the winner's row in a new transaction.
-- processed/succeeded/failed stay 0: counters live in at_run_node, summed on read.
INSERT INTO at_run (business_date, status, stage, started_at, ended_at, last_progress_at, planned, stage_started_at,
    sends_reserved, evaluated_from, processed, succeeded, failed)
VALUES (:businessDate, :status, 0, :now, NULL, NULL, 0, :now, 0, :now, 0, 0, 0)
