-- A resume: the schedule's unleased items parked because it was paused become claimable now
-- instead of after the engine's park interval. A leased item is left to its holder.
UPDATE at_work_item SET not_before = :now, pending_reason = NULL, updated_at = :now
WHERE schedule_id = :scheduleId AND pending_reason = 'PAUSED' AND lease_until <= :now AND not_before > :now
