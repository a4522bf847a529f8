package dev.autotransfer.jdbc.internal;

import java.time.LocalDate;

/**
 * What the engine's fences compare, read under a schedule's row lock: its status, its version and
 * the occurrence it points at. Not API. Immutable and thread-safe.
 *
 * @param id the schedule's id
 * @param status its status
 * @param version its version (user edits)
 * @param nextDueDate the occurrence it points at, or null
 */
public record ScheduleFence(long id, String status, long version, LocalDate nextDueDate) {

    /** This fence after the schedule moved on to {@code date}. */
    public ScheduleFence pointingAt(LocalDate date) {
        return new ScheduleFence(id, status, version, date);
    }
}
