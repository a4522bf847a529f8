package dev.autotransfer.jdbc.internal;

import dev.autotransfer.client.DeadLetter;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.ScheduleStatus;
import java.util.Optional;

/**
 * The design brief's rules for a person's dead-letter changes, as pure functions of the entry, the
 * occurrence's history and the schedule's status: each answers why the change is refused, or null.
 * The history decides, not the entry alone, so a stale entry (a later attempt exists, the key
 * succeeded after all) is never acted on. Not API. Stateless.
 */
public final class DeadLetterRules {

    private DeadLetterRules() {
    }

    /** Why a requeue is refused, or null when it is allowed. */
    public static String requeueRefusal(DeadLetter entry, OccurrenceHistory history, ScheduleStatus status) {
        if (entry.status() != DeadLetter.Status.OPEN && entry.status() != DeadLetter.Status.CONFIRMED_NOT_EXECUTED) {
            return "it is " + entry.status() + "; only OPEN and CONFIRMED_NOT_EXECUTED entries can be requeued";
        }
        String settled = settledRefusal(entry, history);
        if (settled != null) {
            return settled;
        }
        Optional<HistoryEvent> outcome = history.finalOutcome(entry.attempt());
        if (outcome.isEmpty()) {
            return "the bank's outcome of key " + entry.key() + " is unknown (" + entry.kind()
                    + "): find out what the bank did and record its confirmation (confirmNotExecuted) first";
        }
        if (!history.isTerminal()) {
            return "occurrence " + entry.occurrence() + " is not dead-lettered (already requeued as attempt "
                    + history.nextKey().attempt() + "?)";
        }
        if (status == ScheduleStatus.CANCELLED) {
            return "schedule " + entry.scheduleId() + " is CANCELLED: a requeued occurrence would only end CANCELLED;"
                    + " resolve the entry instead";
        }
        return null;
    }

    /** Why recording the bank's "not executed" for the entry's key is refused, or null when it is allowed. */
    public static String confirmRefusal(DeadLetter entry, OccurrenceHistory history) {
        if (entry.kind() != DeadLetter.Kind.UNRESOLVED) {
            return "it is " + entry.kind() + ": its key " + entry.key() + " ended FAILED already; requeue it directly";
        }
        if (entry.status() != DeadLetter.Status.OPEN) {
            return "it is " + entry.status() + "; only OPEN entries can be confirmed";
        }
        String settled = settledRefusal(entry, history);
        if (settled != null) {
            return settled;
        }
        Optional<HistoryEvent> outcome = history.finalOutcome(entry.attempt());
        if (outcome.isPresent()) {
            return "key " + entry.key() + " already ended FAILED (" + outcome.get().code() + " at "
                    + outcome.get().occurredAt() + "); requeue it directly";
        }
        if (history.started(entry.attempt()).isEmpty()) {
            return "key " + entry.key() + " was never STARTED";
        }
        return null;
    }

    /** Refusals shared by every change: the occurrence succeeded, or the entry's attempt is not the latest. */
    private static String settledRefusal(DeadLetter entry, OccurrenceHistory history) {
        Optional<HistoryEvent> succeeded = history.succeeded();
        if (succeeded.isPresent()) {
            HistoryEvent s = succeeded.get();
            return "occurrence " + entry.occurrence() + " SUCCEEDED under key " + s.key() + " at " + s.occurredAt()
                    + " (bank id " + s.externalTransactionId() + "): the bank executed it; resolve the entry instead";
        }
        int latest = history.highestStartedAttempt();
        if (latest != entry.attempt()) {
            return "it was written for attempt " + entry.attempt() + " but the occurrence's latest attempt is "
                    + latest;
        }
        if (history.last(EventType.DEAD_LETTERED).isEmpty()) {
            return "occurrence " + entry.occurrence() + " has no DEAD_LETTERED event";
        }
        return null;
    }
}
