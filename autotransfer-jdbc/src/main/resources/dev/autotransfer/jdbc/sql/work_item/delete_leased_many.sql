-- Occurrences that left the engine's hands: their work items go, those this lease token still holds
-- (all items of one claim share its token).
DELETE FROM at_work_item WHERE lease_token = :leaseToken AND id IN (<ids>)
