package dev.autotransfer.domain;

import dev.autotransfer.bank.TransferRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One insert-only history event of an occurrence, as the database ordered it.
 *
 * <p>{@code seq} comes from a database sequence and is the only order between events; timestamps
 * are informative. STARTED events carry the whole request that was (or will be) sent, so a re-send
 * replays it exactly. Immutable and thread-safe.
 *
 * @param seq the database sequence value, at least 1
 * @param key the attempt key (schedule, nominal date, attempt number)
 * @param type the event type
 * @param occurredAt when the event was written, by the engine's time source
 * @param request the recorded request, present exactly on STARTED
 * @param externalTransactionId the bank's id, on SUCCEEDED; otherwise null
 * @param code a rejection code or reason, or null
 * @param detail free text for people, or null
 */
public record HistoryEvent(long seq, AttemptKey key, EventType type, Instant occurredAt, TransferRequest request,
        String externalTransactionId, String code, String detail) {

    /** Validates the fields and that exactly STARTED events carry a request. */
    public HistoryEvent {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, was " + seq);
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if ((type == EventType.STARTED) != (request != null)) {
            throw new IllegalArgumentException("request must be present exactly on STARTED, was "
                    + (request == null ? "absent" : "present") + " on " + type + " of " + key);
        }
    }

    /** The attempt number of the key. */
    public int attempt() {
        return key.attempt();
    }

    /** The recorded request, on STARTED. */
    public Optional<TransferRequest> recordedRequest() {
        return Optional.ofNullable(request);
    }
}
