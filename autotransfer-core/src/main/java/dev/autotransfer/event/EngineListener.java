package dev.autotransfer.event;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Priority;
import java.time.Duration;
import java.time.LocalDate;

/**
 * Hooks the engine calls at each step of the execution protocol and for each alarm, for metrics,
 * tracing or paging.
 *
 * <p>Every hook is a no-op by default. Hooks are called on the engine's worker threads, often
 * concurrently: implementations must be thread-safe, fast (no I/O that can block) and must not
 * throw; an exception is logged and ignored. Requests are passed whole: never log their account
 * numbers unmasked ({@link dev.autotransfer.bank.AccountRef#toString()} masks them).
 */
public interface EngineListener {

    /** A listener that does nothing. */
    EngineListener NONE = new EngineListener() {
    };

    /**
     * A listener that calls {@code first}, then {@code second}, for every hook; an exception thrown by
     * one is logged and does not keep the other from being called.
     */
    static EngineListener both(EngineListener first, EngineListener second) {
        return new CompositeListener(java.util.List.of(java.util.Objects.requireNonNull(first, "first"),
                java.util.Objects.requireNonNull(second, "second")));
    }

    /** This node joined the run of a business date. */
    default void runJoined(long runId, LocalDate businessDate) {
    }

    /** A chunk of work items was claimed. */
    default void claimed(String bankCode, Priority priority, int count) {
    }

    /** A new attempt's STARTED was committed; its call follows. */
    default void attemptStarted(AttemptKey key, TransferRequest request) {
    }

    /** An open attempt is being re-sent with its recorded request. */
    default void resending(AttemptKey key) {
    }

    /** The bank was asked about an open attempt's key; {@code answer} names the kind of answer. */
    default void inquired(AttemptKey key, String answer) {
    }

    /** A call was not sent (rate limited, pool full, circuit open, refused by the bank's quota). */
    default void notSent(Occurrence occurrence, String bankCode, String reason, Duration retryAfter) {
    }

    /**
     * An event was recorded for an attempt (UNKNOWN, SUCCEEDED, FAILED, DEAD_LETTERED, SKIPPED,
     * CANCELLED); {@code code} is its rejection code or reason, or null.
     */
    default void recorded(AttemptKey key, EventType type, String code) {
    }

    /** A decision was dropped because the lease was lost or the schedule changed meanwhile. */
    default void fenced(Occurrence occurrence, String why) {
    }

    /** A condition an operator must see. */
    default void alarm(Alarm alarm) {
    }
}
