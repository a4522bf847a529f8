-- a settled hold leaves the held balance; a posted one also leaves the posted balance (:posted)
UPDATE at_account SET posted_minor = posted_minor - :posted,
    held_minor = held_minor - :amount, version = version + 1
WHERE id = :id AND held_minor >= :amount
