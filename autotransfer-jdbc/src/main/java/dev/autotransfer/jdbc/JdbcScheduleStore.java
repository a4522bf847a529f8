package dev.autotransfer.jdbc;

import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.internal.ScheduleReader;
import dev.autotransfer.jdbc.internal.ScheduleRegistration;
import dev.autotransfer.spi.ScheduleStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@link ScheduleStore} on a JDBC database with the autotransfer schema installed (H2,
 * PostgreSQL or MariaDB/MySQL).
 *
 * <p>{@link #register} writes the {@code at_schedule} row and the CURRENT {@code at_work_item} of
 * the first occurrence (not before the start of its execution date in the schedule's zone, after
 * the business-day shift; unleased) in one short transaction, and resolves a duplicate client
 * reference, also one raced by another node, by comparing content (see {@link ScheduleStore}).
 * {@code created_at} comes from the injected clock. Connect as the application role, never the
 * owner. Methods block on the database; failures throw {@link AutoTransferJdbcException} with the
 * driver's exception as cause and no account number in the message.
 *
 * <p>Immutable and thread-safe; the data source must hand out independent connections (a pool).
 */
public final class JdbcScheduleStore implements ScheduleStore {

    private final ScheduleReader reader;
    private final ScheduleRegistration registration;

    private JdbcScheduleStore(Builder builder) {
        Dialect dialect = builder.dialect != null ? builder.dialect : Dialect.detect(builder.dataSource);
        Jdbi jdbi = JdbiFactory.create(builder.dataSource, dialect);
        this.reader = new ScheduleReader(jdbi, dialect);
        this.registration = new ScheduleRegistration(jdbi, dialect, reader, builder.clock, builder.calendars);
    }

    /** A store on the data source with the system UTC clock and the shipped calendars; detects the dialect. */
    public static JdbcScheduleStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for a store on the data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public Schedule register(ScheduleSpec spec) {
        return registration.register(Objects.requireNonNull(spec, "spec"));
    }

    @Override
    public Optional<Schedule> find(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("id must be at least 1, was " + id);
        }
        return reader.byId(id);
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

    /**
     * Builds a {@link JdbcScheduleStore}. Defaults: the dialect detected from the data source (one
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

        /** Sets the clock that stamps {@code created_at}. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Sets the calendars a schedule's {@code calendarId} is looked up in. */
        public Builder calendars(HolidayCalendarRegistry value) {
            this.calendars = Objects.requireNonNull(value, "calendars");
            return this;
        }

        /** Builds the store. */
        public JdbcScheduleStore build() {
            return new JdbcScheduleStore(this);
        }
    }
}
