-- matches no row when the customer account's available balance would drop below zero
UPDATE at_account SET posted_minor = posted_minor + :delta, version = version + 1
WHERE id = :id AND currency = :currency AND kind <> 'SYSTEM'
  AND posted_minor + :delta - held_minor >= 0
