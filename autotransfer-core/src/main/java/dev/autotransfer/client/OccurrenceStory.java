package dev.autotransfer.client;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Occurrence;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one occurrence of a schedule, for a person answering "what happened to
 * schedule S's transfer on D": its history attempt by attempt, the work item still pending for it,
 * and its dead-letter entries.
 *
 * <p>Everything comes from the stored rows, read in one snapshot-free pass (history is insert-only,
 * so a story read while the engine works may lack the latest event but never shows one that did
 * not happen). {@link #toString()} renders a readable account with masked account numbers.
 * Immutable and thread-safe.
 *
 * @param occurrence the schedule and nominal date
 * @param attempts the attempts in attempt order, each with its events in sequence order
 * @param pending the work item, when the occurrence still needs action; null otherwise
 * @param deadLetters the dead-letter entries of the occurrence, oldest first
 */
public record OccurrenceStory(Occurrence occurrence, List<Attempt> attempts, PendingWork pending,
        List<DeadLetter> deadLetters) {

    /** Copies the lists and checks the fields. */
    public OccurrenceStory {
        Objects.requireNonNull(occurrence, "occurrence");
        attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts"));
        deadLetters = List.copyOf(Objects.requireNonNull(deadLetters, "deadLetters"));
    }

    /** The work item waiting for the engine, if any. */
    public Optional<PendingWork> pendingWork() {
        return Optional.ofNullable(pending);
    }

    /** Whether nothing at all is recorded for the occurrence (no event, no work item, no dead letter). */
    public boolean isEmpty() {
        return attempts.isEmpty() && pending == null && deadLetters.isEmpty();
    }

    /** Every event of every attempt, in sequence order. */
    public List<HistoryEvent> events() {
        return attempts.stream().flatMap(a -> a.events().stream())
                .sorted((x, y) -> Long.compare(x.seq(), y.seq())).toList();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("occurrence ").append(occurrence);
        for (Attempt attempt : attempts) {
            text.append("\n  attempt ").append(attempt.number()).append(" key ").append(attempt.key());
            for (HistoryEvent event : attempt.events()) {
                text.append("\n    #").append(event.seq()).append(' ').append(event.occurredAt()).append(' ')
                        .append(event.type());
                if (event.code() != null) {
                    text.append(" code=").append(event.code());
                }
                if (event.externalTransactionId() != null) {
                    text.append(" bankId=").append(event.externalTransactionId());
                }
                if (event.request() != null) {
                    text.append(' ').append(event.request().source()).append(" -> ")
                            .append(event.request().destination()).append(' ').append(event.request().amount());
                }
            }
        }
        if (pending != null) {
            text.append("\n  pending: ").append(pending);
        }
        deadLetters.forEach(d -> text.append("\n  dead letter: ").append(d));
        return text.toString();
    }

    /**
     * One attempt and its events (STARTED, UNKNOWN, SUCCEEDED, FAILED, ...; a SKIPPED or CANCELLED
     * occupies the attempt number it took). Immutable and thread-safe.
     *
     * @param number the attempt number, at least 1
     * @param key the key sent to the bank (from the STARTED request), or the key the attempt number names
     * @param events the attempt's events in sequence order, not empty
     */
    public record Attempt(int number, String key, List<HistoryEvent> events) {

        /** Copies the events and checks the fields. */
        public Attempt {
            if (number < 1) {
                throw new IllegalArgumentException("number must be at least 1, was " + number);
            }
            Objects.requireNonNull(key, "key");
            events = List.copyOf(Objects.requireNonNull(events, "events"));
            if (events.isEmpty()) {
                throw new IllegalArgumentException("attempt " + number + " must have at least one event");
            }
        }

        /** The request recorded by the attempt's STARTED event, if it was started. */
        public Optional<TransferRequest> request() {
            return events.stream().filter(e -> e.type() == EventType.STARTED).findFirst().map(HistoryEvent::request);
        }

        /** The attempt's final outcome (SUCCEEDED or FAILED), if it has one. */
        public Optional<HistoryEvent> outcome() {
            return events.stream().filter(e -> e.type().isFinal()).findFirst();
        }

        /** The bank's external transaction id, from the SUCCEEDED event. */
        public Optional<String> externalTransactionId() {
            return events.stream().filter(e -> e.type() == EventType.SUCCEEDED).findFirst()
                    .map(HistoryEvent::externalTransactionId);
        }

        /** The event types in sequence order. */
        public List<EventType> types() {
            return events.stream().map(HistoryEvent::type).toList();
        }
    }

    /**
     * The occurrence's work item: why and until when it waits. Immutable and thread-safe.
     *
     * @param kind CURRENT, CATCH_UP, REQUEUED or OPEN_ATTEMPT
     * @param notBefore the engine does not look at it before this instant
     * @param pendingReason why it waits (PAUSED, UNKNOWN, a rejection code, ...), or null when it is simply due then
     * @param leasedUntil when a node's lease on it ends, or null when no node holds it
     * @param claimCount how often a node has claimed it
     */
    public record PendingWork(String kind, Instant notBefore, String pendingReason, Instant leasedUntil,
            int claimCount) {

        /** Checks the required fields. */
        public PendingWork {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(notBefore, "notBefore");
        }
    }

    /**
     * A dead-letter entry of the occurrence. Immutable and thread-safe.
     *
     * @param attempt the attempt it was written for
     * @param key the attempt's key
     * @param kind EXHAUSTED (retries used up) or UNRESOLVED (outcome unknown, a person decides)
     * @param code the last rejection code, or null
     * @param detail text for people, or null
     * @param status OPEN, REQUEUED, CONFIRMED_NOT_EXECUTED or RESOLVED
     * @param createdAt when it was written
     */
    public record DeadLetter(int attempt, String key, String kind, String code, String detail, String status,
            Instant createdAt) {

        /** Checks the required fields. */
        public DeadLetter {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }
}
