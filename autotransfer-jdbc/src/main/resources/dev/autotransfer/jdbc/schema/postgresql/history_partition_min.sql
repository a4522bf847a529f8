-- the oldest range: everything before the first monthly partition. It never needs moving
CREATE TABLE IF NOT EXISTS ${partition} PARTITION OF at_history FOR VALUES FROM (MINVALUE) TO ('${to}')
