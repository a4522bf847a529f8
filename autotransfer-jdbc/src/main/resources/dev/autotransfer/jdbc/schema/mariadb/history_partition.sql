-- partitions are added after the last one only (RANGE COLUMNS must be strictly increasing)
ALTER TABLE at_history ADD PARTITION (PARTITION ${partition} VALUES LESS THAN ('${to}'))
