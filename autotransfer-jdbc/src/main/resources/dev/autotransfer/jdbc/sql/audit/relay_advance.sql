-- Moves a sink's watermark forward only, never back (two relays may race on one sink).
UPDATE at_audit_relay SET last_relayed_seq = :seq, updated_at = :now
WHERE sink_name = :sink AND last_relayed_seq < :seq
