-- matches no row when the customer account's available balance is short of the amount
UPDATE at_account SET held_minor = held_minor + :amount, version = version + 1
WHERE id = :id AND kind <> 'SYSTEM' AND posted_minor - held_minor >= :amount
