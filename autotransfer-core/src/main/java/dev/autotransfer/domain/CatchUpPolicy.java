package dev.autotransfer.domain;

import java.time.LocalDate;

/**
 * What a schedule does with occurrences missed while no engine was running.
 *
 * <p>An occurrence is <em>missed</em> when its execution date is before today in the schedule's
 * zone and it never started; the occurrence whose execution date is today is due, not missed, and
 * runs under every policy. Every missed occurrence that does not run is recorded SKIPPED, never
 * dropped silently. {@link CatchUpPlan#of} applies a policy. Immutable and thread-safe.
 */
public enum CatchUpPolicy {
    /** Every missed occurrence runs once (the default: nothing a customer asked for is lost). */
    RUN_ALL_MISSED,
    /**
     * One occurrence runs for the whole gap: today's when one is due, otherwise the latest missed
     * one; every other missed occurrence is recorded skipped.
     */
    RUN_LATEST_ONLY,
    /** Every missed occurrence is recorded skipped; the schedule goes on with the current one. */
    SKIP_MISSED;

    /** Shorthand for {@link CatchUpPlan#of(CatchUpPolicy, Recurrence, ExecutionTiming, LocalDate, LocalDate)}. */
    public CatchUpPlan plan(Recurrence recurrence, ExecutionTiming timing, LocalDate nextDue, LocalDate today) {
        return CatchUpPlan.of(this, recurrence, timing, nextDue, today);
    }
}
