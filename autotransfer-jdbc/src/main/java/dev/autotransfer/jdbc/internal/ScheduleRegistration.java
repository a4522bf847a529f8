package dev.autotransfer.jdbc.internal;

import dev.autotransfer.ScheduleConflictException;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.AutoTransferJdbcException;
import dev.autotransfer.jdbc.Dialect;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Registers a schedule idempotently by client reference: the schedule row and the work item of its
 * first occurrence in one short transaction. Not API. Immutable and thread-safe.
 *
 * <p>The unique key on {@code client_reference} decides races: a register that loses to a
 * concurrent one of the same reference fails with a unique violation, rolls back, and then
 * answers from the winner's row in a new read (a new read, because MariaDB's REPEATABLE READ
 * snapshot inside the failed transaction would not show it). No {@code INSERT IGNORE} or
 * {@code ON DUPLICATE KEY UPDATE}: a duplicate is resolved by comparing content, never by writing.
 */
public final class ScheduleRegistration {

    /** The lease_until of a work item nobody holds: never NULL, so the claim reads one index range. */
    public static final Instant NO_LEASE = Instant.EPOCH;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ScheduleReader reader;
    private final Clock clock;
    private final HolidayCalendarRegistry calendars;

    /** A registration on a Jdbi made by {@link JdbiFactory} for the dialect. */
    public ScheduleRegistration(Jdbi jdbi, Dialect dialect, ScheduleReader reader, Clock clock,
            HolidayCalendarRegistry calendars) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.reader = reader;
        this.clock = clock;
        this.calendars = calendars;
    }

    /** See {@link dev.autotransfer.spi.ScheduleStore#register}. */
    public Schedule register(ScheduleSpec spec) {
        Optional<Schedule> existing = reader.byClientReference(spec.clientReference());
        if (existing.isPresent()) {
            return sameOrConflict(existing.get(), spec);
        }
        LocalDate first = spec.recurrence().first();
        // input errors (an unknown calendar, dates it does not cover) surface before any write
        Instant notBefore = spec.executionTiming(calendars).notBefore(first);
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            long id = jdbi.inTransaction(handle -> insert(handle, spec, first, notBefore, createdAt));
            return Schedule.create(id, spec, createdAt);
        } catch (JdbiException e) {
            if (!DatabaseErrors.isUniqueViolation(e)) {
                throw failure(spec, e);
            }
            return reader.byClientReference(spec.clientReference())
                    .map(winner -> sameOrConflict(winner, spec))
                    .orElseThrow(() -> failure(spec, e));
        }
    }

    private long insert(Handle handle, ScheduleSpec spec, LocalDate first, Instant notBefore, Instant createdAt) {
        long id = ScheduleColumns.bindNew(handle.createUpdate(SqlStatements.get(dialect, "schedule/insert.sql")),
                        spec, createdAt)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        handle.createUpdate(SqlStatements.get(dialect, "work_item/insert.sql"))
                .bind("scheduleId", id)
                .bind("nominalDate", first)
                .bind("bankCode", spec.source().bankCode())
                .bind("priority", ScheduleColumns.priorityCode(spec.priority()))
                .bind("kind", "CURRENT")
                .bind("notBefore", notBefore)
                .bind("leaseUntil", NO_LEASE)
                .bind("createdAt", createdAt)
                .execute();
        return id;
    }

    private static Schedule sameOrConflict(Schedule stored, ScheduleSpec spec) {
        if (stored.spec().sameContentAs(spec)) {
            return stored;
        }
        throw new ScheduleConflictException(spec.clientReference(), stored.id(), spec.differencesFrom(stored.spec()));
    }

    private static AutoTransferJdbcException failure(ScheduleSpec spec, JdbiException e) {
        return new AutoTransferJdbcException("registering the schedule of clientReference '" + spec.clientReference()
                + "' failed: " + DatabaseErrors.describe(e),
                DatabaseErrors.sanitized(e));
    }
}
