-- A page of dead-letter entries, newest first. An empty :status or :kind means any; :afterId is the
-- last id of the previous page (the largest id when none), so pages never shift as entries arrive.
SELECT id, schedule_id, nominal_date, attempt, idempotency_key, kind, code, detail, status, created_at,
    resolved_by, resolved_at, version
FROM at_dead_letter
WHERE (:status = '' OR status = :status)
    AND (:kind = '' OR kind = :kind)
    AND id < :afterId
ORDER BY id DESC
LIMIT :limit
