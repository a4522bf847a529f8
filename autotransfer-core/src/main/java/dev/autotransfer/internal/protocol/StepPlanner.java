package dev.autotransfer.internal.protocol;

import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.ScheduleStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 2 of the execution protocol as a pure function: from an occurrence's history, its schedule's
 * status and the bank's key retention, the one safe next step.
 *
 * <p>The order of the checks is the protocol's: success first (never call again), then an open
 * attempt (resolved whatever the schedule's status, never replaced by a new key), then terminal
 * states, then the schedule's status, then the retry limit, and only then a new key.
 */
public final class StepPlanner {

    private final Duration resendMargin;
    private final RetryPolicy retries;

    /**
     * @param resendMargin how long before the bank forgets a key re-sending stops: the time limit,
     *     a transit allowance and the clock bound together
     * @param retries decides when the definitive failures used up an occurrence's tries
     */
    public StepPlanner(Duration resendMargin, RetryPolicy retries) {
        this.retries = Objects.requireNonNull(retries, "retries");
        if (Objects.requireNonNull(resendMargin, "resendMargin").isNegative()) {
            throw new IllegalArgumentException("resendMargin must not be negative, was " + resendMargin);
        }
        this.resendMargin = resendMargin;
    }

    /**
     * Decides the next step.
     *
     * @param history the occurrence's history
     * @param status the schedule's status now
     * @param priority the occurrence's priority, for its retry limit
     * @param retention the source bank's key retention
     * @param now the engine's time
     */
    public NextStep decide(OccurrenceHistory history, ScheduleStatus status, Priority priority,
            KeyRetention retention, Instant now) {
        Objects.requireNonNull(priority, "priority");
        Optional<HistoryEvent> succeeded = history.succeeded();
        if (succeeded.isPresent()) {
            return new NextStep.RepairAfterSuccess(succeeded.get());
        }
        Optional<HistoryEvent> open = history.openAttempt();
        if (open.isPresent()) {
            return resolveOpen(history, open.get(), retention, now);
        }
        if (history.isTerminal()) {
            return new NextStep.Finished(history.events().get(history.events().size() - 1));
        }
        switch (Objects.requireNonNull(status, "status")) {
            case CANCELLED:
                return new NextStep.Cancel(history.nextKey());
            case PAUSED:
                return new NextStep.Park();
            default:
                break;
        }
        int failures = history.failuresSinceRequeue();
        if (retries.exhausted(priority, failures, history.lastFailure().map(HistoryEvent::code).orElse(null))) {
            return new NextStep.DeadLetter(history.lastFailure().orElseThrow().key(), failures);
        }
        return new NextStep.StartAttempt(history.nextKey());
    }

    private NextStep resolveOpen(OccurrenceHistory history, HistoryEvent started, KeyRetention retention,
            Instant now) {
        Instant resendUntil = retention.expiresAt(started.request().createdAt()).minus(resendMargin);
        if (!now.isBefore(resendUntil)) {
            return new NextStep.EscalateToPerson(started);
        }
        boolean answeredUncertainly = history.latest(started.attempt())
                .map(event -> event.type() == EventType.UNKNOWN).orElse(false);
        return answeredUncertainly ? new NextStep.Inquire(started) : new NextStep.Resend(started);
    }
}
