package dev.autotransfer.jdbc.internal;

import dev.autotransfer.ConcurrentScheduleCreationException;
import dev.autotransfer.ScheduleConflictException;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.BiConsumer;
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

    /**
     * Creates the schedule (see {@link dev.autotransfer.client.ScheduleClient#create}), running
     * {@code alsoOnCreate} in the creating transaction after the inserts (not when the schedule
     * already existed), so its writes (the audit entry) commit with them.
     */
    public Schedule register(ScheduleSpec spec, BiConsumer<Handle, Schedule> alsoOnCreate) {
        Optional<Schedule> existing = reader.byClientReference(spec.clientReference());
        if (existing.isPresent()) {
            return sameOrConflict(existing.get(), spec);
        }
        LocalDate first = spec.recurrence().first();
        // input errors (an unknown calendar, dates it does not cover) surface before any write
        Instant notBefore = spec.executionTiming(calendars).notBefore(first);
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            return jdbi.inTransaction(handle -> {
                Schedule created = Schedule.create(insert(handle, spec, first, notBefore, createdAt), spec, createdAt);
                alsoOnCreate.accept(handle, created);
                return created;
            });
        } catch (JdbiException e) {
            if (!DatabaseErrors.isUniqueViolation(e)) {
                throw failure(spec, e);
            }
            return reader.byClientReference(spec.clientReference())
                    .map(winner -> sameOrConflict(winner, spec))
                    .orElseThrow(() -> failure(spec, e));
        }
    }

    /**
     * Registers inside the caller's open transaction on {@code handle}: reads the reference in the
     * caller's snapshot, and inserts under a savepoint, so a unique violation leaves the caller's
     * transaction usable (PostgreSQL would abort it otherwise). When the winner of a race is then
     * visible (READ COMMITTED) it answers from it; when the snapshot cannot see it, it throws
     * {@link ConcurrentScheduleCreationException}. Never commits or rolls back the caller's work.
     */
    public Schedule registerIn(Handle handle, ScheduleSpec spec, BiConsumer<Handle, Schedule> alsoOnCreate) {
        Optional<Schedule> existing = reader.byClientReference(handle, spec.clientReference());
        if (existing.isPresent()) {
            return sameOrConflict(existing.get(), spec);
        }
        LocalDate first = spec.recurrence().first();
        Instant notBefore = spec.executionTiming(calendars).notBefore(first);
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Savepoint savepoint;
        try {
            savepoint = handle.getConnection().setSavepoint();
        } catch (SQLException e) {
            throw new AutoTransferJdbcException("cannot set a savepoint in the caller's transaction: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
        try {
            Schedule created = Schedule.create(insert(handle, spec, first, notBefore, createdAt), spec, createdAt);
            alsoOnCreate.accept(handle, created);
            release(handle, savepoint);
            return created;
        } catch (JdbiException e) {
            rollbackTo(handle, savepoint);
            if (!DatabaseErrors.isUniqueViolation(e)) {
                throw failure(spec, e);
            }
            return reader.byClientReference(handle, spec.clientReference())
                    .map(winner -> sameOrConflict(winner, spec))
                    .orElseThrow(() -> new ConcurrentScheduleCreationException(spec.clientReference(),
                            DatabaseErrors.sanitized(e)));
        } catch (RuntimeException e) {
            rollbackTo(handle, savepoint);
            throw e;
        }
    }

    private static void release(Handle handle, Savepoint savepoint) {
        try {
            handle.getConnection().releaseSavepoint(savepoint);
        } catch (SQLException e) {
            // some drivers release implicitly; the savepoint is of no further use either way
        }
    }

    private static void rollbackTo(Handle handle, Savepoint savepoint) {
        try {
            handle.getConnection().rollback(savepoint);
        } catch (SQLException e) {
            throw new AutoTransferJdbcException("cannot roll back to the savepoint in the caller's transaction: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
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
