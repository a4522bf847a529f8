-- A resume: unleased work items whose new send waited for the stopped run become claimable now
-- instead of after the engine's park interval. A leased item is left to its holder.
UPDATE at_work_item SET not_before = :now, pending_reason = NULL, updated_at = :now
WHERE pending_reason = 'RUN_STOPPED' AND lease_until <= :now AND not_before > :now
