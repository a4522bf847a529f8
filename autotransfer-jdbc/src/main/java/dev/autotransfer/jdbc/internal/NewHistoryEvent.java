package dev.autotransfer.jdbc.internal;

import dev.autotransfer.spi.TransferStore;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * A history event to insert: a {@link dev.autotransfer.domain.HistoryEvent} before the database
 * gave it its sequence value. Not API. Immutable and thread-safe.
 *
 * @param key the attempt key
 * @param type the event type
 * @param occurredAt when, by the engine's time source
 * @param request the whole request, exactly on STARTED
 * @param externalTransactionId the bank's id on SUCCEEDED, or null
 * @param code a rejection code or reason (required on FAILED), or null
 * @param detail free text, or null
 * @param nodeId the writing node, or null
 */
public record NewHistoryEvent(AttemptKey key, EventType type, Instant occurredAt, TransferRequest request,
        String externalTransactionId, String code, String detail, String nodeId) {

    /** Validates that exactly STARTED carries a request and FAILED a code. */
    public NewHistoryEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if ((type == EventType.STARTED) != (request != null)) {
            throw new IllegalArgumentException("request must be present exactly on STARTED, was "
                    + (request == null ? "absent" : "present") + " on " + type + " of " + key);
        }
        if (type == EventType.FAILED && code == null) {
            throw new IllegalArgumentException("FAILED of " + key + " needs a code");
        }
    }

    /** The engine's event as the row to insert, written by {@code nodeId}. */
    public static NewHistoryEvent of(dev.autotransfer.spi.TransferStore.NewEvent event, String nodeId) {
        return new NewHistoryEvent(event.key(), event.type(), event.occurredAt(), event.request(),
                event.externalTransactionId(), event.code(), event.detail(), nodeId);
    }
}
