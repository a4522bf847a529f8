package dev.autotransfer.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit log as relayed to an {@link AuditSink}: a setting change with who made it,
 * when, from where, and the state before and after.
 *
 * <p>{@code seq} is the audit log's sequence number: unique and increasing in the order the
 * entries were inserted (not committed); sinks use it to drop entries they already hold. The
 * before and after states are JSON object texts (null for "none", such as before a create); in a
 * relayed record every account number in them is masked to its last four characters.
 * Immutable and thread-safe.
 *
 * @param seq the sequence number, at least 1
 * @param occurredAt when the change was made
 * @param actor who made it
 * @param clientIp from which address, or null
 * @param entityType what kind of thing changed, for example {@code SCHEDULE}
 * @param entityId which one
 * @param action what was done, for example {@code CREATE}, {@code EDIT}, {@code PAUSE}
 * @param beforeJson the state before, as a JSON object, or null
 * @param afterJson the state after, as a JSON object, or null
 */
public record AuditRecord(long seq, Instant occurredAt, String actor, String clientIp, String entityType,
        String entityId, String action, String beforeJson, String afterJson) {

    /** Checks the required fields. */
    public AuditRecord {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, was " + seq);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(action, "action");
    }
}
