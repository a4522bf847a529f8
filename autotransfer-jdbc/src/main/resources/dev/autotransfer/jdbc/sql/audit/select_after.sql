-- Committed audit entries after a watermark, in sequence order (a plain read: rows of open
-- transactions are not seen and leave a gap).
SELECT seq, occurred_at, actor, client_ip, entity_type, entity_id, action, before_json, after_json
FROM at_audit_log
WHERE seq > :after
ORDER BY seq
LIMIT :limit
