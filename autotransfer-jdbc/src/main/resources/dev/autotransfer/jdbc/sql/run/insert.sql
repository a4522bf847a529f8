-- The run of a business date, RUNNING from now. business_date is unique: a concurrent join that
-- loses the race fails here and reads the winner's row in a new transaction.
-- processed/succeeded/failed stay 0: counters live in at_run_node, summed on read.
INSERT INTO at_run (business_date, status, stage, started_at, ended_at, last_progress_at, planned, processed,
    succeeded, failed)
VALUES (:businessDate, :status, NULL, :now, NULL, NULL, 0, 0, 0, 0)
