-- The occurrence left the engine's hands: its work item goes, if this node still holds the lease.
DELETE FROM at_work_item WHERE id = :id AND lease_token = :leaseToken
