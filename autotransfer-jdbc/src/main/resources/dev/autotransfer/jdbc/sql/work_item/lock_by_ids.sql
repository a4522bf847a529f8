-- Locks claimed work items in id order and reads their lease tokens (the fence of engine writes).
-- A claimer skips locked rows, so nobody can claim them while the fence holds.
SELECT id, lease_token
FROM at_work_item
WHERE id IN (<ids>)
ORDER BY id
FOR UPDATE
