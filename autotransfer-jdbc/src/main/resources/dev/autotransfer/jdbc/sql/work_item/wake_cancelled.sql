-- A cancel: the schedule's unleased items that are parked as paused or simply not due yet become
-- claimable now, so the engine ends them CANCELLED at once. Items waiting for an inquiry or a
-- backoff keep their time (an open attempt must be resolved, not hurried).
UPDATE at_work_item SET not_before = :now, pending_reason = NULL, updated_at = :now
WHERE schedule_id = :scheduleId AND (pending_reason IS NULL OR pending_reason = 'PAUSED')
    AND lease_until <= :now AND not_before > :now
