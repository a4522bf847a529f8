package dev.autotransfer.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored standing order: its spec plus the state the engine and the user change.
 *
 * <p>{@code nextDueDate} is the nominal date of the current occurrence (null once the recurrence
 * has none left); it only moves forward. {@code version} counts user edits (optimistic locking)
 * and is not changed by engine bookkeeping; {@code retryCount} is a summary of the current
 * occurrence's failures (the count that decides is per occurrence, from history). Immutable and
 * thread-safe; the {@code with...} methods return changed copies.
 *
 * @param id the schedule's id, at least 1
 * @param spec what the caller submitted (or last edited)
 * @param status whether occurrences run
 * @param nextDueDate the current occurrence's nominal date, or null when none is left
 * @param version the number of user edits, at least 0
 * @param retryCount failed attempts at the current occurrence, at least 0
 * @param lastExecutedAt when an occurrence last succeeded, or null
 * @param createdAt when the schedule was created
 */
public record Schedule(long id, ScheduleSpec spec, ScheduleStatus status, LocalDate nextDueDate, long version,
        int retryCount, Instant lastExecutedAt, Instant createdAt) {

    /** Validates every field, including that {@code nextDueDate} is a nominal date of the recurrence. */
    public Schedule {
        if (id < 1) {
            throw new IllegalArgumentException("id must be at least 1, was " + id);
        }
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
        if (nextDueDate != null && !spec.recurrence().isNominalDate(nextDueDate)) {
            throw new IllegalArgumentException("nextDueDate " + nextDueDate + " is not a nominal date of "
                    + spec.recurrence());
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must be at least 0, was " + version);
        }
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must be at least 0, was " + retryCount);
        }
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new active schedule whose current occurrence is the recurrence's first. */
    public static Schedule create(long id, ScheduleSpec spec, Instant createdAt) {
        return new Schedule(id, spec, ScheduleStatus.ACTIVE, spec.recurrence().first(), 0, 0, null, createdAt);
    }

    /** The current occurrence's nominal date, if any is left. */
    public Optional<LocalDate> nextDue() {
        return Optional.ofNullable(nextDueDate);
    }

    /** The current occurrence, if any is left. */
    public Optional<Occurrence> currentOccurrence() {
        return nextDue().map(date -> new Occurrence(id, date));
    }

    /** When an occurrence last succeeded, if ever. */
    public Optional<Instant> lastExecuted() {
        return Optional.ofNullable(lastExecutedAt);
    }

    /** Whether the recurrence has no occurrence left. */
    public boolean isFinished() {
        return nextDueDate == null;
    }

    /**
     * This schedule after the occurrence on {@code nominalDate} succeeded: the next occurrence
     * becomes current, the retry count resets. Idempotent: an occurrence before the current one
     * leaves the schedule unchanged (it never moves backwards).
     *
     * @throws IllegalArgumentException if the date is after the current occurrence (that would skip
     *     occurrences unrecorded)
     */
    public Schedule succeeded(LocalDate nominalDate, Instant executedAt) {
        Objects.requireNonNull(nominalDate, "nominalDate");
        Objects.requireNonNull(executedAt, "executedAt");
        if (nextDueDate == null || nominalDate.isBefore(nextDueDate)) {
            return this;
        }
        if (nominalDate.isAfter(nextDueDate)) {
            throw new IllegalArgumentException("nominalDate " + nominalDate + " is after the current occurrence "
                    + nextDueDate + " of schedule " + id);
        }
        LocalDate next = spec.recurrence().nextAfter(nominalDate).orElse(null);
        return new Schedule(id, spec, status, next, version, 0, executedAt, createdAt);
    }

    /**
     * This schedule with the current occurrence moved forward to {@code nominalDate} (after a
     * catch-up plan, or after the current one ended without success). Never moves backwards.
     *
     * @param nominalDate a later nominal date, or null when the recurrence has none left
     */
    public Schedule withNextDueDate(LocalDate nominalDate) {
        if (nextDueDate != null && nominalDate != null && nominalDate.isBefore(nextDueDate)) {
            throw new IllegalArgumentException("nextDueDate may not move backwards from " + nextDueDate
                    + " to " + nominalDate);
        }
        if (nextDueDate == null && nominalDate != null) {
            throw new IllegalArgumentException("schedule " + id + " is finished; nextDueDate cannot become " + nominalDate);
        }
        return new Schedule(id, spec, status, nominalDate, version, Objects.equals(nominalDate, nextDueDate) ? retryCount : 0,
                lastExecutedAt, createdAt);
    }

    /** This schedule with the retry count changed (engine bookkeeping; the version is unchanged). */
    public Schedule withRetryCount(int count) {
        return new Schedule(id, spec, status, nextDueDate, version, count, lastExecutedAt, createdAt);
    }

    /**
     * This schedule with the status changed by the user: the version goes up by one.
     *
     * @throws IllegalStateException if the schedule is CANCELLED and the target is not
     */
    public Schedule withStatus(ScheduleStatus target) {
        if (!status.canBecome(Objects.requireNonNull(target, "target"))) {
            throw new IllegalStateException("schedule " + id + " is " + status + " and cannot become " + target);
        }
        return new Schedule(id, spec, target, nextDueDate, version + 1, retryCount, lastExecutedAt, createdAt);
    }
}
