SELECT partition_name AS name, partition_description AS bound
FROM information_schema.partitions
WHERE table_schema = DATABASE() AND table_name = 'at_history' AND partition_name IS NOT NULL
