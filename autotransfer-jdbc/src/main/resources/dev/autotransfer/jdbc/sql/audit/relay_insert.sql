-- A new sink starts at 0; sink_name is the primary key, so a concurrent first run fails here and
-- reads the winner's row.
INSERT INTO at_audit_relay (sink_name, last_relayed_seq, updated_at) VALUES (:sink, 0, :now)
