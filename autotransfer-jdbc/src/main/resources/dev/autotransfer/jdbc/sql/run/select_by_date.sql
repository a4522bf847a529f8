-- The run of a business date, without its nodes (join answers from it).
SELECT id, business_date, status
FROM at_run
WHERE business_date = :businessDate
