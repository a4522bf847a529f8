-- Reserves what is left below the cap, when less than a block is: conditional on the reserved
-- count the caller read, so a concurrent reservation makes it match nothing (the caller reads again).
UPDATE at_run
SET sends_reserved = :cap
WHERE id = :runId AND status IN ('RUNNING', 'COMPLETED') AND stage = :stage AND sends_reserved = :seen
