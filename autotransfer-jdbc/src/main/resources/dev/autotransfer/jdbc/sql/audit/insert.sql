-- One audit entry, in the transaction of the change it describes. seq is taken here, at insert:
-- it is not the commit order, so the relay waits out gaps (see AuditRelay).
INSERT INTO at_audit_log (occurred_at, actor, client_ip, entity_type, entity_id, action, before_json, after_json)
VALUES (:occurredAt, :actor, :clientIp, :entityType, :entityId, :action, :beforeJson, :afterJson)
