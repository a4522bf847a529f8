package dev.autotransfer.domain;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One logical transfer of a schedule, identified by the schedule and the nominal date.
 *
 * <p>The nominal date is the date the recurrence names, before any business-day shift; the
 * execution date is derived (see {@link ExecutionTiming}) and never part of the identity. At most
 * one debit may ever happen per occurrence. Immutable and thread-safe.
 *
 * @param scheduleId the schedule's id, at least 1
 * @param nominalDate the date the recurrence names
 */
public record Occurrence(long scheduleId, LocalDate nominalDate) implements Comparable<Occurrence> {

    /** Validates the id and the date. */
    public Occurrence {
        if (scheduleId < 1) {
            throw new IllegalArgumentException("scheduleId must be at least 1, was " + scheduleId);
        }
        Objects.requireNonNull(nominalDate, "nominalDate");
    }

    /** The key of this occurrence's attempt number {@code n} (1 for the first). */
    public AttemptKey attempt(int n) {
        return new AttemptKey(scheduleId, nominalDate, n);
    }

    /** Orders by schedule, then nominal date. */
    @Override
    public int compareTo(Occurrence other) {
        int bySchedule = Long.compare(scheduleId, other.scheduleId);
        return bySchedule != 0 ? bySchedule : nominalDate.compareTo(other.nominalDate);
    }

    /** {@code scheduleId:nominalDate}, for example {@code 42:2025-01-31}. */
    @Override
    public String toString() {
        return scheduleId + ":" + nominalDate;
    }
}
