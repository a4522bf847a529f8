CREATE TABLE IF NOT EXISTS ${partition} PARTITION OF at_history FOR VALUES FROM ('${from}') TO ('${to}')
