package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.SqlStatements;
import dev.autotransfer.jdbc.internal.UtcInstants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TimeSource} that reads the database's clock, so that every node judges leases and due
 * times on one time: the local clock plus the offset last measured against the database.
 *
 * <p>The offset is measured by {@link Builder#build()} (which throws
 * {@link AutoTransferJdbcException} if it cannot be) and again by the first {@link #now()} after
 * each {@code refreshEvery}: one query then, none in between. That call blocks on the database
 * once; a failed re-measure keeps the last offset, logs a warning and is tried again after
 * another {@code refreshEvery}, so {@link #now()} never throws. {@link #skew()} is the absolute
 * last offset. The offset assumes the query's way out and back took equally long, so it is good
 * to about half the query's round trip.
 *
 * <p>Thread-safe: concurrent callers share one sample, and while one re-measures, the others read
 * the previous offset without waiting.
 */
public final class DatabaseTimeSource implements TimeSource {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseTimeSource.class);

    private final DataSource dataSource;
    private final Clock localClock;
    private final Duration refreshEvery;
    private final String sql;
    private final UtcInstants instants;
    private final AtomicReference<Sample> sample = new AtomicReference<>();
    private final AtomicBoolean measuring = new AtomicBoolean();

    /** The last offset, when it was measured, and when to measure again (all on the local clock). */
    private record Sample(Duration offset, Instant measuredAt, Instant nextAttempt) {
    }

    private DatabaseTimeSource(Builder builder, Dialect dialect) {
        this.dataSource = builder.dataSource;
        this.localClock = builder.localClock;
        this.refreshEvery = builder.refreshEvery;
        this.sql = SqlStatements.get(dialect, "time/now.sql");
        this.instants = UtcInstants.of(dialect);
        try {
            Instant at = localClock.instant();
            sample.set(new Sample(measure(), at, at.plus(refreshEvery)));
        } catch (SQLException e) {
            throw new AutoTransferJdbcException("reading the database's time failed: " + DatabaseErrors.describe(e),
                    DatabaseErrors.sanitized(e));
        }
    }

    /** A builder for a time source on the data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The local clock plus the database offset; re-measures first when the last measure is older than refreshEvery. */
    @Override
    public Instant now() {
        Instant local = localClock.instant();
        Sample last = sample.get();
        if (due(last, local) && measuring.compareAndSet(false, true)) {
            try {
                last = refresh(sample.get(), local);
            } finally {
                measuring.set(false);
            }
        }
        return local.plus(last.offset());
    }

    /** The absolute offset between the local clock and the database at the last successful measure. */
    @Override
    public Optional<Duration> skew() {
        return Optional.of(sample.get().offset().abs());
    }

    @Override
    public String toString() {
        Sample last = sample.get();
        return "DatabaseTimeSource[offset=" + last.offset() + ", measuredAt=" + last.measuredAt() + "]";
    }

    private boolean due(Sample last, Instant local) {
        // a local clock stepped back past the last attempt has changed the offset too
        return !local.isBefore(last.nextAttempt()) || local.isBefore(last.nextAttempt().minus(refreshEvery));
    }

    private Sample refresh(Sample last, Instant local) {
        if (!due(last, local)) {
            return last; // another thread re-measured between our read and our turn
        }
        Sample next;
        try {
            next = new Sample(measure(), local, localClock.instant().plus(refreshEvery));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("re-measuring the database's time failed; keeping the offset {} measured at {} and trying again"
                    + " in {}: {}", last.offset(), last.measuredAt(), refreshEvery, DatabaseErrors.describe(e));
            next = new Sample(last.offset(), last.measuredAt(), local.plus(refreshEvery));
        }
        sample.set(next);
        return next;
    }

    private Duration measure() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Instant before = localClock.instant();
            Instant database;
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("the time query returned no row");
                }
                database = instants.read(rows, 1);
            }
            Instant after = localClock.instant();
            if (database == null) {
                throw new SQLException("the time query returned NULL");
            }
            Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
            return Duration.between(middle, database);
        }
    }

    /**
     * Builds a {@link DatabaseTimeSource}. Defaults: {@link Clock#systemUTC()} as the local clock,
     * a re-measure every 10 s, and the dialect detected from the data source (one more connection
     * at {@link #build()}). Setters validate at once. Not thread-safe.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Dialect dialect;
        private Clock localClock = Clock.systemUTC();
        private Duration refreshEvery = Duration.ofSeconds(10);

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Sets the dialect instead of detecting it. */
        public Builder dialect(Dialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /** Sets the local clock the offset is added to (and measured against). */
        public Builder localClock(Clock value) {
            this.localClock = Objects.requireNonNull(value, "localClock");
            return this;
        }

        /** Sets how old the last measure may get before {@link DatabaseTimeSource#now()} measures again. */
        public Builder refreshEvery(Duration value) {
            Objects.requireNonNull(value, "refreshEvery");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("refreshEvery must be positive, was " + value.toMillis() + " ms");
            }
            this.refreshEvery = value;
            return this;
        }

        /**
         * Measures the database's time once and builds the source.
         *
         * @throws AutoTransferJdbcException if the dialect cannot be detected or the time cannot be read
         */
        public DatabaseTimeSource build() {
            return new DatabaseTimeSource(this, dialect != null ? dialect : Dialect.detect(dataSource));
        }
    }
}
