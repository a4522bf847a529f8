-- Reserves a whole block of new sends while the run is RUNNING in the caller's stage and the
-- fleet's reservations stay within the stage's cap: one conditional update under the row's lock,
-- so concurrent reservations never pass the cap. 0 rows: the cap is too near, the stage moved or
-- the run is stopped (a COMPLETED run that found new work still reserves).
UPDATE at_run
SET sends_reserved = sends_reserved + :block
WHERE id = :runId AND status IN ('RUNNING', 'COMPLETED') AND stage = :stage AND sends_reserved + :block <= :cap
