-- raises the customer's fence to a lock lease's token; matches no row when a later lease passed it
UPDATE at_customer SET lock_fence = :token WHERE id = :id AND lock_fence < :token
