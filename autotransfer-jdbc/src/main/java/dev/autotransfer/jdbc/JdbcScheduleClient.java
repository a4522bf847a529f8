package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.ConcurrentScheduleCreationException;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.client.ScheduleClient;
import dev.autotransfer.client.ScheduleEdit;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.jdbc.internal.AuditJson;
import dev.autotransfer.jdbc.internal.AuditWrites;
import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.internal.OccurrenceStories;
import dev.autotransfer.jdbc.internal.ScheduleChanges;
import dev.autotransfer.jdbc.internal.ScheduleReader;
import dev.autotransfer.jdbc.internal.ScheduleRegistration;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@link ScheduleClient} on a JDBC database with the autotransfer schema installed: manages
 * schedules and writes every change's audit entry to {@code at_audit_log} in the change's own
 * transaction.
 *
 * <p>Each method is one short transaction on the data source (changes at READ COMMITTED, the
 * schedule row locked first, as the engine locks it), except
 * {@link #create(Connection, ScheduleSpec, AuditContext)}, which joins the caller's transaction.
 * A create writes the {@code at_schedule} row, the CURRENT {@code at_work_item} of the first
 * occurrence (not before the start of its execution date in the schedule's zone, after the
 * business-day shift; unleased) and the audit entry in one short transaction, and resolves a
 * duplicate client reference, also one raced by another node, by comparing content.
 * Instants (audit times, a resume's "now") come from the injected clock; give it the engine's
 * clock or one close to the database's. Connect as the application role, never the owner. Failures
 * throw {@link AutoTransferJdbcException} with no account number in the message.
 *
 * <p>Immutable and thread-safe; the data source must hand out independent connections (a pool).
 */
public final class JdbcScheduleClient implements ScheduleClient {

    private final Dialect dialect;
    private final Clock clock;
    private final ScheduleReader reader;
    private final ScheduleRegistration registration;
    private final ScheduleChanges changes;
    private final OccurrenceStories stories;

    private JdbcScheduleClient(Builder builder) {
        this.dialect = builder.dialect != null ? builder.dialect : Dialect.detect(builder.dataSource);
        this.clock = builder.clock;
        Jdbi jdbi = JdbiFactory.create(builder.dataSource, dialect);
        this.reader = new ScheduleReader(jdbi, dialect);
        this.registration = new ScheduleRegistration(jdbi, dialect, reader, clock, builder.calendars);
        this.changes = new ScheduleChanges(jdbi, dialect, reader, clock);
        this.stories = new OccurrenceStories(jdbi, dialect);
    }

    /** A client on the data source with the system UTC clock and the shipped calendars; detects the dialect. */
    public static JdbcScheduleClient create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for a client on the data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public Schedule create(ScheduleSpec spec, AuditContext audit) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(audit, "audit");
        return registration.register(spec, auditCreate(audit));
    }

    /**
     * Creates the schedule inside the caller's open transaction on {@code connection}: the schedule,
     * its first work item and the audit entry commit or roll back with the caller's work. The caller
     * owns the connection and the transaction; this method never commits, rolls back or closes it,
     * and changes no session setting. From a Jdbi {@code Handle}, pass {@code handle.getConnection()}
     * after {@code handle.begin()}; from Spring, the transaction's connection
     * ({@code DataSourceUtils.getConnection}).
     *
     * <p>Idempotent as {@link #create(ScheduleSpec, AuditContext)}, seen through the caller's
     * snapshot: a reference stored in it answers as stored; a concurrent transaction that created
     * the same reference and committed (or commits while this insert waits on its lock) is answered
     * from its row when the caller's isolation level lets this transaction see it (READ COMMITTED),
     * and otherwise (a REPEATABLE READ snapshot taken before) raises the retryable
     * {@link ConcurrentScheduleCreationException}: roll back and retry the whole transaction.
     *
     * @param connection a connection with auto-commit off, to a database of this client's dialect
     * @throws IllegalArgumentException if the connection is in auto-commit mode
     * @throws ConcurrentScheduleCreationException as described above; the caller's transaction stays usable
     */
    public Schedule create(Connection connection, ScheduleSpec spec, AuditContext audit) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(audit, "audit");
        try {
            if (connection.getAutoCommit()) {
                throw new IllegalArgumentException("connection must be in a transaction (autoCommit false), was "
                        + "autoCommit true");
            }
        } catch (SQLException e) {
            throw new AutoTransferJdbcException("cannot read the caller's connection state: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
        try (Handle handle = JdbiFactory.onCallerConnection(connection, dialect).open()) {
            return registration.registerIn(handle, spec, auditCreate(audit));
        }
    }

    private BiConsumer<Handle, Schedule> auditCreate(AuditContext audit) {
        return (handle, created) -> AuditWrites.insert(handle, dialect, audit, created.createdAt(), AuditJson.SCHEDULE,
                Long.toString(created.id()), "CREATE", null, AuditJson.of(created));
    }

    @Override
    public Schedule edit(long scheduleId, long expectedVersion, ScheduleEdit edit, AuditContext audit) {
        checkIds(scheduleId, expectedVersion);
        Objects.requireNonNull(edit, "edit");
        Objects.requireNonNull(audit, "audit");
        return changes.edit(scheduleId, expectedVersion, edit, audit);
    }

    @Override
    public Schedule pause(long scheduleId, long expectedVersion, AuditContext audit) {
        return status(scheduleId, expectedVersion, ScheduleStatus.PAUSED, "PAUSE", audit);
    }

    @Override
    public Schedule resume(long scheduleId, long expectedVersion, AuditContext audit) {
        return status(scheduleId, expectedVersion, ScheduleStatus.ACTIVE, "RESUME", audit);
    }

    @Override
    public Schedule cancel(long scheduleId, long expectedVersion, AuditContext audit) {
        return status(scheduleId, expectedVersion, ScheduleStatus.CANCELLED, "CANCEL", audit);
    }

    private Schedule status(long scheduleId, long expectedVersion, ScheduleStatus target, String action,
            AuditContext audit) {
        checkIds(scheduleId, expectedVersion);
        Objects.requireNonNull(audit, "audit");
        return changes.changeStatus(scheduleId, expectedVersion, target, action, audit);
    }

    @Override
    public Optional<Schedule> find(long scheduleId) {
        checkIds(scheduleId, 0);
        return reader.byId(scheduleId);
    }

    @Override
    public Optional<Schedule> findByClientReference(String clientReference) {
        Objects.requireNonNull(clientReference, "clientReference");
        if (clientReference.isEmpty() || clientReference.length() > 100) {
            throw new IllegalArgumentException("clientReference must be 1..100 characters, was "
                    + clientReference.length());
        }
        return reader.byClientReference(clientReference);
    }

    @Override
    public OccurrenceStory story(long scheduleId, LocalDate nominalDate) {
        checkIds(scheduleId, 0);
        return stories.story(new Occurrence(scheduleId, Objects.requireNonNull(nominalDate, "nominalDate")));
    }

    private static void checkIds(long scheduleId, long expectedVersion) {
        if (scheduleId < 1) {
            throw new IllegalArgumentException("scheduleId must be at least 1, was " + scheduleId);
        }
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be at least 0, was " + expectedVersion);
        }
    }

    /**
     * Builds a {@link JdbcScheduleClient}. Defaults: the dialect detected from the data source (one
     * connection opened at {@link #build()}), {@link Clock#systemUTC()}, and
     * {@link HolidayCalendarRegistry#withDefaults()}. Setters validate at once. Not thread-safe.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Dialect dialect;
        private Clock clock = Clock.systemUTC();
        private HolidayCalendarRegistry calendars = HolidayCalendarRegistry.withDefaults();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Sets the dialect instead of detecting it. */
        public Builder dialect(Dialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /** Sets the clock that stamps changes and audit entries. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Sets the calendars a schedule's {@code calendarId} is looked up in. */
        public Builder calendars(HolidayCalendarRegistry value) {
            this.calendars = Objects.requireNonNull(value, "calendars");
            return this;
        }

        /** Builds the client. */
        public JdbcScheduleClient build() {
            return new JdbcScheduleClient(this);
        }
    }
}
