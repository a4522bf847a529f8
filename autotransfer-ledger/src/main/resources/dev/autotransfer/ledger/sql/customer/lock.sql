-- takes the customer row's lock: pulls of one customer are reserved and completed one at a time
UPDATE at_customer SET version = version + 1 WHERE id = :id
