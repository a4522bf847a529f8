-- A sink's watermark: the highest sequence number relayed to it.
SELECT last_relayed_seq FROM at_audit_relay WHERE sink_name = :sink
