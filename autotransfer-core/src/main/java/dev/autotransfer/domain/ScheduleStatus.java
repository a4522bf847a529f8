package dev.autotransfer.domain;

/**
 * Whether a schedule produces new occurrences.
 *
 * <p>Only {@link #ACTIVE} schedules open new attempts; an attempt already open is resolved to its
 * end whatever the status (money cannot be un-sent). Immutable and thread-safe.
 */
public enum ScheduleStatus {
    /** Occurrences run as they fall due. */
    ACTIVE,
    /** No new attempts until resumed; occurrences that fall due meanwhile are recorded SKIPPED. */
    PAUSED,
    /** Final: no new attempts; occurrences without an open attempt end CANCELLED. */
    CANCELLED;

    /** Whether a schedule may move from this status to the target (CANCELLED is final). */
    public boolean canBecome(ScheduleStatus target) {
        return this != CANCELLED || target == CANCELLED;
    }
}
