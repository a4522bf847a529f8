package dev.autotransfer.jdbc.internal;

import dev.autotransfer.client.AuditContext;
import dev.autotransfer.jdbc.api.Dialect;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Inserts one audit entry in the caller's transaction (the change's own). Not API. Stateless.
 */
public final class AuditWrites {

    private AuditWrites() {
    }

    /** Inserts the entry and answers its sequence number, taken at this insert. */
    public static long insert(Handle handle, Dialect dialect, AuditContext audit, Instant occurredAt,
            String entityType, String entityId, String action, String beforeJson, String afterJson) {
        return handle.createUpdate(SqlStatements.get(dialect, "audit/insert.sql"))
                .bind("occurredAt", occurredAt)
                .bind("actor", audit.actor())
                .bind("clientIp", audit.clientIp())
                .bind("entityType", entityType)
                .bind("entityId", entityId)
                .bind("action", action)
                .bind("beforeJson", beforeJson)
                .bind("afterJson", afterJson)
                .executeAndReturnGeneratedKeys("seq")
                .mapTo(Long.class)
                .one();
    }
}
