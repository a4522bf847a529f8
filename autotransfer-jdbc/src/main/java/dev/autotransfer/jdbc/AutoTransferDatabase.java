package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.jdbc.internal.Installation;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The one entry point to autotransfer on a JDBC database with the schema installed (H2, PostgreSQL
 * or MariaDB/MySQL): detects the dialect once and hands out everything that works on the database,
 * wired alike: the engine builder, the audited schedule client (the one way to create a schedule),
 * the dead-letter client, the audit relay, partition upkeep, the runs and the alarms.
 *
 * <pre>{@code
 * AutoTransferDatabase database = AutoTransferDatabase.of(dataSource);   // the application role's pool
 * Schedule rent = database.schedules().create(spec, AuditContext.of("user:42"));
 * try (AutoTransferEngine engine = database.engine(banks).build()) {
 *     engine.start();
 * }
 * }</pre>
 *
 * <p>{@link #of(DataSource)} and {@link Builder#build()} open one connection to detect the dialect
 * and throw {@link AutoTransferJdbcException} when that fails; nothing else is read until used. The
 * clients and stores it hands out are built once and shared; {@link #engine(BankDirectory)} and
 * {@link #auditRelay()} return a new builder on each call. The clock stamps what the clients write
 * (creation times, audit entries, a requeue's due time); give it the engine's clock or one close to
 * the database's. Connect as the application role; {@link #partitions(DataSource)} takes the owner's.
 *
 * <p>Immutable and thread-safe; the data source must hand out independent connections (a pool).
 */
public final class AutoTransferDatabase {

    /** The table holding the installation id, written once by {@link SchemaInstaller#install()}. */
    public static final String INSTALLATION_TABLE = Installation.TABLE;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;
    private final HolidayCalendarRegistry calendars;
    private final JdbcTransferStore transfers;
    private final JdbcRunStore runs;
    private final JdbcAlarmStore alarms;
    private final JdbcScheduleClient schedules;
    private final JdbcDeadLetterClient deadLetters;
    /** Read on first use and kept: the installer draws it once and nothing changes it. */
    private volatile String installationId;

    private AutoTransferDatabase(Builder builder) {
        this.dataSource = builder.dataSource;
        this.dialect = builder.dialect != null ? builder.dialect : Dialect.detect(dataSource);
        this.clock = builder.clock;
        this.calendars = builder.calendars;
        this.transfers = JdbcTransferStore.builder(dataSource).dialect(dialect).build();
        this.runs = JdbcRunStore.builder(dataSource).dialect(dialect).build();
        this.alarms = JdbcAlarmStore.builder(dataSource).dialect(dialect).build();
        this.schedules = JdbcScheduleClient.builder(dataSource).dialect(dialect).clock(clock).calendars(calendars)
                .build();
        this.deadLetters = JdbcDeadLetterClient.builder(dataSource).dialect(dialect).clock(clock).build();
    }

    /**
     * The database behind the data source (the application role's pool), with the system UTC clock
     * and the shipped calendars; detects the dialect.
     *
     * @throws AutoTransferJdbcException if no connection can be opened to detect the dialect
     */
    public static AutoTransferDatabase of(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for the database behind the data source, to set the clock, the calendars or the dialect. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The dialect, detected once or given to the builder. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * An engine builder with {@link JdbcTransferStore}, {@link JdbcRunStore}, the database's clock as
     * the one time source of every node ({@link DatabaseTimeSource}, measured now, then every 10 s),
     * this database's calendars, {@link #alarms()} as the alarm store (every alarm the engine raises
     * lands in {@code at_alarm} with its node and run), and {@code <installation id>-} as the key
     * prefix of every request sent to a bank unless the {@link dev.autotransfer.config.EngineConfig}
     * given to the builder sets one (an explicitly empty prefix is then refused by {@code build()}).
     * Every setting can still be changed on the builder. Each call returns a new builder.
     *
     * @throws AutoTransferJdbcException if the database's clock or the installation id cannot be read
     */
    public AutoTransferEngine.Builder engine(BankDirectory banks) {
        Objects.requireNonNull(banks, "banks");
        // read first, so a schema without its installation id fails here rather than at build()
        String prefix = installationId() + "-";
        return AutoTransferEngine.builder(transfers, runs, banks)
                .timeSource(DatabaseTimeSource.builder(dataSource).dialect(dialect).build())
                .installationKeyPrefix(prefix)
                .calendars(calendars)
                .alarmStore(alarms);
    }

    /** The audited schedule client: the one way to create, change and read schedules. */
    public JdbcScheduleClient schedules() {
        return schedules;
    }

    /** The dead-letter client: list, inspect, requeue, confirm and resolve, each change audited. */
    public JdbcDeadLetterClient deadLetters() {
        return deadLetters;
    }

    /**
     * A builder for a relay of the audit log to sinks, with this database's dialect and clock; add
     * at least one sink. Each call returns a new builder.
     */
    public AuditRelay.Builder auditRelay() {
        return AuditRelay.builder(dataSource).dialect(dialect).clock(clock);
    }

    /**
     * Partition upkeep of {@code at_history}, run through the owner's data source: creating a
     * partition is a schema change the application role may not make. Give the same data source when
     * one role does both (H2, development). Months count from this database's clock.
     */
    public PartitionMaintenance partitions(DataSource ownerDataSource) {
        return PartitionMaintenance.create(Objects.requireNonNull(ownerDataSource, "ownerDataSource"), dialect, clock);
    }

    /** The runs of every business date with their nodes (what the engines did, for operators). */
    public JdbcRunStore runs() {
        return runs;
    }

    /** The alarms the engines built by {@link #engine(BankDirectory)} raised, newest first. */
    public JdbcAlarmStore alarms() {
        return alarms;
    }

    /**
     * This database's installation id (from {@value #INSTALLATION_TABLE}, drawn at random by the
     * database when the schema was installed and never changed): what tells its keys apart from every
     * other installation's at a bank. The first call blocks on one query; later calls answer from memory.
     *
     * @throws AutoTransferJdbcException if the table or its row is missing (the schema was not
     *     installed, or not by this version) or holds something the installer never writes
     */
    public String installationId() {
        String id = installationId;
        if (id == null) {
            id = Installation.id(Jdbi.create(dataSource), dialect);
            installationId = id;
        }
        return id;
    }

    /**
     * Builds an {@link AutoTransferDatabase}. Defaults: the dialect detected from the data source (one
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

        /** Sets the clock that stamps what the clients write and counts the months of partition upkeep. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Sets the calendars schedules are created with and the engine moves them on by. */
        public Builder calendars(HolidayCalendarRegistry value) {
            this.calendars = Objects.requireNonNull(value, "calendars");
            return this;
        }

        /**
         * The database.
         *
         * @throws AutoTransferJdbcException if the dialect must be detected and no connection opens
         */
        public AutoTransferDatabase build() {
            return new AutoTransferDatabase(this);
        }
    }
}
