package dev.autotransfer.event;

import dev.autotransfer.domain.Occurrence;
import java.time.Instant;
import java.util.Objects;

/**
 * A condition an operator must see, raised through {@link EngineListener#alarm} and logged at WARN.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what happened
 * @param at when, by the engine's time source
 * @param bankCode the bank concerned, or null
 * @param occurrence the occurrence concerned, or null
 * @param detail a readable explanation without account numbers
 */
public record Alarm(Kind kind, Instant at, String bankCode, Occurrence occurrence, String detail) {

    /** Validates the fields. */
    public Alarm {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
    }

    /** The alarms the engine raises. */
    public enum Kind {
        /** A bank's answer echoed other accounts, amount or currency than the request: recorded UNKNOWN. */
        ECHO_MISMATCH,
        /** A bank answered that the key was used with another body: recorded UNKNOWN. */
        KEY_REUSED,
        /** An outcome stayed unknown up to the bank's key retention: a person must find out. */
        UNRESOLVED,
        /** An occurrence used up its retry limit and was dead-lettered. */
        DEAD_LETTERED,
        /** A bank's circuit breaker opened: its work waits. */
        CIRCUIT_OPEN,
        /** The local clock is further from the time source than allowed: the node stopped claiming. */
        CLOCK_SKEW,
        /** A node's heartbeat stopped; its leased work is recovered after the lease. */
        NODE_LOST,
        /** The run made no progress for too long while work was due. */
        RUN_WITHOUT_PROGRESS,
        /** The run is still RUNNING past its maximum duration. */
        RUN_OVER_MAX_DURATION,
        /** A write failed even on its own; the item is retried after its lease. */
        STORE_FAILURE,
        /**
         * The run's failure rate over the rollout's evaluation window exceeded the limit: the run was
         * stopped (new sends stop on every node) until it is resumed. Raised once, by the node that
         * stopped it.
         */
        FAILURE_RATE_OVER_LIMIT,
        /**
         * At the start of a run: the work due in its business date cannot be sent within the run's
         * maximum duration at some bank's request quota.
         */
        RUN_CANNOT_FINISH_IN_TIME,
        /**
         * An open attempt is still unresolved after most of the time its key may be re-sent: a person
         * should look before it is escalated as {@link #UNRESOLVED}.
         */
        UNKNOWN_NEARING_RETENTION
    }
}
