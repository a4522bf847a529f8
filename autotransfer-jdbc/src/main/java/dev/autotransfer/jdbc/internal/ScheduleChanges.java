package dev.autotransfer.jdbc.internal;

import dev.autotransfer.ScheduleVersionConflictException;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.ScheduleEdit;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A user's edit, pause, resume or cancel of a schedule: one short READ COMMITTED transaction that
 * locks the schedule row (before any work item, the engine's order), checks the version, writes the
 * change and its audit entry. Not API. Immutable and thread-safe.
 */
public final class ScheduleChanges {

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ScheduleReader reader;
    private final Clock clock;

    /** Changes on a Jdbi made by {@link JdbiFactory} for the dialect. */
    public ScheduleChanges(Jdbi jdbi, Dialect dialect, ScheduleReader reader, Clock clock) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.reader = reader;
        this.clock = clock;
    }

    /** See {@link dev.autotransfer.client.ScheduleClient#edit}. */
    public Schedule edit(long id, long expectedVersion, ScheduleEdit edit, AuditContext audit) {
        return inTransaction(id, "editing", handle -> {
            Schedule current = lockedAt(handle, id, expectedVersion);
            if (current.status() == ScheduleStatus.CANCELLED) {
                throw new IllegalStateException("schedule " + id + " is CANCELLED and cannot be edited");
            }
            ScheduleSpec spec = edit.applyTo(current.spec());
            if (edit.limit() != null) {
                checkLimit(current, spec.recurrence());
            }
            Schedule after = new Schedule(id, spec, current.status(), current.nextDueDate(), current.version() + 1,
                    current.retryCount(), current.lastExecutedAt(), current.createdAt());
            Instant now = now();
            int updated = handle.createUpdate(SqlStatements.get(dialect, "schedule/update_edit.sql"))
                    .bind("amountMinor", spec.amount().minorUnits())
                    .bind("currency", spec.amount().currency().getCurrencyCode())
                    .bind("memo", spec.memo())
                    .bind("destinationBank", spec.destination().bankCode())
                    .bind("destinationAccount", spec.destination().accountNumber())
                    .bind("priority", ScheduleColumns.priorityCode(spec.priority()))
                    .bindByType("endDate", spec.recurrence().endDate(), LocalDate.class)
                    .bindByType("maxOccurrences", spec.recurrence().occurrenceCount(), Integer.class)
                    .bind("now", now)
                    .bind("id", id)
                    .bind("expectedVersion", expectedVersion)
                    .execute();
            requireOne(updated, id, expectedVersion);
            if (spec.priority() != current.spec().priority()) {
                handle.createUpdate(SqlStatements.get(dialect, "work_item/update_priority.sql"))
                        .bind("priority", ScheduleColumns.priorityCode(spec.priority()))
                        .bind("now", now)
                        .bind("scheduleId", id)
                        .execute();
            }
            audit(handle, audit, now, "EDIT", current, after);
            return after;
        });
    }

    /**
     * Moves the schedule to {@code target} (PAUSED, ACTIVE or CANCELLED); a schedule already there is
     * answered unchanged with nothing written.
     */
    public Schedule changeStatus(long id, long expectedVersion, ScheduleStatus target, String action,
            AuditContext audit) {
        return inTransaction(id, action.toLowerCase(java.util.Locale.ROOT), handle -> {
            Schedule current = lockedAt(handle, id, expectedVersion);
            if (current.status() == target) {
                return current;
            }
            Schedule after = current.withStatus(target);
            Instant now = now();
            int updated = handle.createUpdate(SqlStatements.get(dialect, "schedule/update_status.sql"))
                    .bind("status", target.name())
                    .bind("now", now)
                    .bind("id", id)
                    .bind("expectedVersion", expectedVersion)
                    .execute();
            requireOne(updated, id, expectedVersion);
            String wake = switch (target) {
                case ACTIVE -> "work_item/wake_paused.sql";
                case CANCELLED -> "work_item/wake_cancelled.sql";
                case PAUSED -> null;
            };
            if (wake != null) {
                handle.createUpdate(SqlStatements.get(dialect, wake)).bind("now", now).bind("scheduleId", id).execute();
            }
            audit(handle, audit, now, action, current, after);
            return after;
        });
    }

    /**
     * A new limit must keep the current occurrence (it may already be due or open, and an edit never
     * reaches back into an occurrence already in the engine's hands), and a finished schedule
     * cannot be revived by a longer limit.
     */
    private static void checkLimit(Schedule current, Recurrence recurrence) {
        LocalDate due = current.nextDueDate();
        if (due == null) {
            throw new IllegalArgumentException("limit cannot change: schedule " + current.id()
                    + " has no occurrence left (create a new schedule to continue it)");
        }
        if (!recurrence.isNominalDate(due)) {
            throw new IllegalArgumentException("limit (endDate " + recurrence.endDate() + ", maxOccurrences "
                    + recurrence.occurrenceCount() + ") would end schedule " + current.id()
                    + " before its current occurrence " + due + "; cancel the schedule instead");
        }
    }

    private Schedule lockedAt(Handle handle, long id, long expectedVersion) {
        Schedule current = reader.lockById(handle, id)
                .orElseThrow(() -> new IllegalArgumentException("scheduleId " + id + " does not exist"));
        if (current.version() != expectedVersion) {
            throw new ScheduleVersionConflictException(id, expectedVersion, current.version());
        }
        return current;
    }

    private static void requireOne(int updated, long id, long expectedVersion) {
        if (updated != 1) {
            // the row is locked and was just read at this version: only a bug gets here
            throw new AutoTransferJdbcException("schedule " + id + " at version " + expectedVersion
                    + " was not updated (" + updated + " rows)");
        }
    }

    private void audit(Handle handle, AuditContext audit, Instant now, String action, Schedule before,
            Schedule after) {
        AuditWrites.insert(handle, dialect, audit, now, AuditJson.SCHEDULE, Long.toString(after.id()), action,
                AuditJson.of(before), AuditJson.of(after));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private <T> T inTransaction(long id, String what, Function<Handle, T> work) {
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work::apply);
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException(what + " schedule " + id + " failed: " + DatabaseErrors.describe(e),
                    DatabaseErrors.sanitized(e));
        }
    }
}
