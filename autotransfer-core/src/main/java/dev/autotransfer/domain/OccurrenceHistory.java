package dev.autotransfer.domain;

import dev.autotransfer.bank.TransferRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything history says about one occurrence, and what follows from it: whether it succeeded,
 * which attempt is open, how many definitive failures count against its retry limit, and which
 * attempt number comes next.
 *
 * <p>Derived from the events alone, in their sequence order, so every decision the engine takes
 * can be explained from history (invariant 5). The rules:
 * <ul>
 *   <li>an attempt is <em>open</em> when it has a STARTED and no final outcome (SUCCEEDED or FAILED);
 *       only the highest attempt can be open, because a new one is opened only after a FAILED;</li>
 *   <li>the next attempt number is the highest STARTED attempt plus one, so two requeues of one
 *       dead letter compute the same number and collide on the database's unique rule;</li>
 *   <li>the occurrence is <em>terminal</em> when it SUCCEEDED, was SKIPPED or CANCELLED, or was
 *       DEAD_LETTERED without a later REQUEUED;</li>
 *   <li>the failures that count are the FAILED events after the last REQUEUED.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param occurrence the occurrence
 * @param events its events, in any order (sorted by sequence on construction)
 */
public record OccurrenceHistory(Occurrence occurrence, List<HistoryEvent> events) {

    /** Sorts the events by sequence and checks they belong to the occurrence. */
    public OccurrenceHistory {
        Objects.requireNonNull(occurrence, "occurrence");
        events = Objects.requireNonNull(events, "events").stream()
                .sorted(Comparator.comparingLong(HistoryEvent::seq)).toList();
        for (HistoryEvent event : events) {
            if (!event.key().occurrence().equals(occurrence)) {
                throw new IllegalArgumentException("event " + event.seq() + " of " + event.key()
                        + " does not belong to occurrence " + occurrence);
            }
        }
    }

    /** An occurrence without events. */
    public static OccurrenceHistory empty(Occurrence occurrence) {
        return new OccurrenceHistory(occurrence, List.of());
    }

    /** The SUCCEEDED event, if the occurrence succeeded. */
    public Optional<HistoryEvent> succeeded() {
        return last(EventType.SUCCEEDED);
    }

    /** The highest attempt that was STARTED, or 0 when none was. */
    public int highestStartedAttempt() {
        return events.stream().filter(e -> e.type() == EventType.STARTED).mapToInt(HistoryEvent::attempt).max()
                .orElse(0);
    }

    /** The key a new attempt (or a SKIPPED, CANCELLED or REQUEUED) takes. */
    public AttemptKey nextKey() {
        return new AttemptKey(occurrence.scheduleId(), occurrence.nominalDate(), highestStartedAttempt() + 1);
    }

    /** The open attempt's STARTED event: started, with no final outcome yet. */
    public Optional<HistoryEvent> openAttempt() {
        int highest = highestStartedAttempt();
        if (highest == 0 || finalOutcome(highest).isPresent()) {
            return Optional.empty();
        }
        return started(highest);
    }

    /** The STARTED event of an attempt. */
    public Optional<HistoryEvent> started(int attempt) {
        return events.stream().filter(e -> e.type() == EventType.STARTED && e.attempt() == attempt).findFirst();
    }

    /** The request recorded when the attempt was opened; a re-send replays exactly this. */
    public Optional<TransferRequest> recordedRequest(int attempt) {
        return started(attempt).map(HistoryEvent::request);
    }

    /** The attempt's final outcome (SUCCEEDED or FAILED), if it has one. */
    public Optional<HistoryEvent> finalOutcome(int attempt) {
        return events.stream().filter(e -> e.type().isFinal() && e.attempt() == attempt).findFirst();
    }

    /** The latest event of an attempt. */
    public Optional<HistoryEvent> latest(int attempt) {
        return events.stream().filter(e -> e.attempt() == attempt).reduce((first, second) -> second);
    }

    /** When the attempt's request was created, from which the bank's key retention is measured. */
    public Optional<Instant> firstSentAt(int attempt) {
        return recordedRequest(attempt).map(TransferRequest::createdAt);
    }

    /** Definitive failures since the last REQUEUED: the count the retry limit applies to. */
    public int failuresSinceRequeue() {
        long lastRequeue = last(EventType.REQUEUED).map(HistoryEvent::seq).orElse(0L);
        return (int) events.stream().filter(e -> e.type() == EventType.FAILED && e.seq() > lastRequeue).count();
    }

    /** The latest definitive failure, if any. */
    public Optional<HistoryEvent> lastFailure() {
        return last(EventType.FAILED);
    }

    /** Whether nothing more will happen to the occurrence without a person's requeue. */
    public boolean isTerminal() {
        if (succeeded().isPresent() || last(EventType.SKIPPED).isPresent() || last(EventType.CANCELLED).isPresent()) {
            return true;
        }
        long deadLettered = last(EventType.DEAD_LETTERED).map(HistoryEvent::seq).orElse(0L);
        long requeued = last(EventType.REQUEUED).map(HistoryEvent::seq).orElse(0L);
        return deadLettered > requeued;
    }

    /** The latest event of a type. */
    public Optional<HistoryEvent> last(EventType type) {
        return events.stream().filter(e -> e.type() == type).reduce((first, second) -> second);
    }
}
