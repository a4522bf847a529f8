-- One alarm the engine raised, as AlarmRecorder hands it over.
INSERT INTO at_alarm (occurred_at, kind, bank_code, schedule_id, nominal_date, detail, node_id, run_id)
VALUES (:occurredAt, :kind, :bankCode, :scheduleId, :nominalDate, :detail, :nodeId, :runId)
