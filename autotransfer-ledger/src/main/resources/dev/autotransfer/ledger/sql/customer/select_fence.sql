SELECT lock_fence FROM at_customer WHERE id = :id
