package dev.autotransfer.client;

import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.Occurrence;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One dead-letter entry: an occurrence the engine handed to a person, with the attempt it was
 * written for and what a person has done with it since.
 *
 * <p>The engine writes an entry when an occurrence used up its retries ({@link Kind#EXHAUSTED}: the
 * key ended FAILED) or when an attempt's outcome stayed unknown up to the bank's key retention
 * ({@link Kind#UNRESOLVED}: the key has no final outcome and is never re-sent). People move it
 * through {@link DeadLetterClient}. Immutable and thread-safe.
 *
 * @param id the entry's id
 * @param scheduleId the schedule
 * @param nominalDate the occurrence's nominal date
 * @param attempt the attempt the entry was written for
 * @param idempotencyKey that attempt's key
 * @param kind EXHAUSTED or UNRESOLVED
 * @param code the last rejection code or the reason, or null
 * @param detail text for people, or null
 * @param status what a person did with it
 * @param createdAt when the engine wrote it
 * @param resolvedBy the actor who last changed its status, or null while OPEN
 * @param resolvedAt when its status last changed, or null while OPEN
 * @param version the optimistic version, raised by one at each change
 */
public record DeadLetter(long id, long scheduleId, LocalDate nominalDate, int attempt, String idempotencyKey,
        Kind kind, String code, String detail, Status status, Instant createdAt, String resolvedBy,
        Instant resolvedAt, long version) {

    /** Checks the required fields. */
    public DeadLetter {
        Objects.requireNonNull(nominalDate, "nominalDate");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    /** The occurrence the entry belongs to. */
    public Occurrence occurrence() {
        return new Occurrence(scheduleId, nominalDate);
    }

    /** The key of the attempt the entry was written for. */
    public AttemptKey key() {
        return new AttemptKey(scheduleId, nominalDate, attempt);
    }

    /** Why the engine handed the occurrence to a person. */
    public enum Kind {
        /** The occurrence used up its retry limit: the entry's key ended FAILED. */
        EXHAUSTED,
        /** The key's outcome is unknown and the bank no longer keeps it: a person must find out. */
        UNRESOLVED
    }

    /** What a person did with the entry. */
    public enum Status {
        /** Waiting for a person. */
        OPEN,
        /** Sent back to the engine: a REQUEUED event and a work item were written. */
        REQUEUED,
        /** A person recorded the bank's confirmation that the key did not execute; it can be requeued. */
        CONFIRMED_NOT_EXECUTED,
        /** Closed by a person without a requeue (the customer was told, or the key succeeded after all). */
        RESOLVED
    }
}
