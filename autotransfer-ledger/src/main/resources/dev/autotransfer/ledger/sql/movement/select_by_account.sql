SELECT m.* FROM at_ledger_entry e JOIN at_movement m ON m.id = e.movement_id
WHERE e.account_id = :id ORDER BY e.id
