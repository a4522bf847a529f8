package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.PlainDataSource;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** The time source reads the database's clock through an offset re-measured lazily, and survives a failed re-measure. */
class DatabaseTimeSourceTest {

    private static final Duration REFRESH = Duration.ofSeconds(10);
    // the database runs on this machine: its clock and the JVM's agree to well within this
    private static final long TOLERANCE_MILLIS = 2_000;

    @DatabaseTest
    void now_is_within_a_few_seconds_of_the_system_clock_and_the_skew_is_small(TestDatabase db) {
        DatabaseTimeSource time = DatabaseTimeSource.builder(db.dataSource()).build();

        Instant now = time.now();

        assertThat(now).isCloseTo(Instant.now(), within(TOLERANCE_MILLIS, ChronoUnit.MILLIS));
        assertThat(time.skew()).hasValueSatisfying(skew -> assertThat(skew).isLessThan(Duration.ofMillis(TOLERANCE_MILLIS)));
    }

    @DatabaseTest
    void with_a_local_clock_an_hour_ahead_the_skew_is_an_hour_and_now_is_still_the_databases_time(TestDatabase db) {
        Clock hourAhead = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        DatabaseTimeSource time = DatabaseTimeSource.builder(db.dataSource()).localClock(hourAhead).build();

        Instant now = time.now();
        Instant database = databaseNow(db);

        assertThat(time.skew()).hasValueSatisfying(skew -> assertThat(skew.minusHours(1).abs())
                .isLessThan(Duration.ofMillis(TOLERANCE_MILLIS)));
        assertThat(now).isCloseTo(database, within(TOLERANCE_MILLIS, ChronoUnit.MILLIS));
    }

    @DatabaseTest
    void the_offset_is_measured_once_at_build_and_again_only_when_refreshEvery_has_passed(TestDatabase db) {
        MutableClock local = new MutableClock(Instant.now());
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        DatabaseTimeSource time = DatabaseTimeSource.builder(counting).dialect(db.dialect()).localClock(local)
                .refreshEvery(REFRESH).build();
        assertThat(counting.connections()).as("measured at build").isEqualTo(1);

        for (int i = 0; i < 100; i++) {
            time.now();
            time.skew();
        }
        local.advance(REFRESH.minusMillis(1));
        time.now();
        assertThat(counting.connections()).as("no query before refreshEvery passed").isEqualTo(1);

        local.advance(Duration.ofMillis(1));
        time.now();
        time.now();
        assertThat(counting.connections()).as("one re-measure once it passed").isEqualTo(2);
    }

    @DatabaseTest
    void concurrent_callers_after_the_interval_share_one_re_measure(TestDatabase db) throws InterruptedException {
        MutableClock local = new MutableClock(Instant.now());
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        DatabaseTimeSource time = DatabaseTimeSource.builder(counting).dialect(db.dialect()).localClock(local)
                .refreshEvery(REFRESH).build();
        local.advance(REFRESH);

        List<Concurrently.Outcome<Instant>> outcomes = Concurrently.run(8, i -> time::now);

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
        assertThat(counting.connections()).isEqualTo(2);
    }

    @DatabaseTest
    void a_failed_re_measure_keeps_the_last_offset_and_is_tried_again_only_after_another_interval(TestDatabase db) {
        MutableClock local = new MutableClock(Instant.now());
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        DatabaseTimeSource time = DatabaseTimeSource.builder(counting).dialect(db.dialect()).localClock(local)
                .refreshEvery(REFRESH).build();
        Duration offset = Duration.between(local.instant(), time.now());

        counting.failing(true);
        local.advance(REFRESH);
        Instant during = time.now();
        time.now();

        assertThat(counting.connections()).as("one failed attempt, not one per call").isEqualTo(2);
        assertThat(during).isEqualTo(local.instant().plus(offset));
        assertThat(time.skew()).contains(offset.abs());

        counting.failing(false);
        local.advance(REFRESH.minusMillis(1));
        time.now();
        assertThat(counting.connections()).as("no new attempt before another interval").isEqualTo(2);
        local.advance(Duration.ofMillis(1));
        Instant after = time.now();
        assertThat(counting.connections()).isEqualTo(3);
        assertThat(after).isCloseTo(databaseNow(db), within(TOLERANCE_MILLIS, ChronoUnit.MILLIS));
    }

    @DatabaseTest
    void a_failed_first_measure_fails_the_build(TestDatabase db) {
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        counting.failing(true);

        assertThatThrownBy(() -> DatabaseTimeSource.builder(counting).dialect(db.dialect()).build())
                .isInstanceOf(AutoTransferJdbcException.class)
                .hasMessageContaining("database's time")
                .hasMessageContaining("08001");
    }

    @DatabaseTest(dialects = Dialect.H2)
    void builder_settings_are_validated_at_once(TestDatabase db) {
        DatabaseTimeSource.Builder builder = DatabaseTimeSource.builder(db.dataSource());

        assertThatThrownBy(() -> builder.refreshEvery(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refreshEvery must be positive, was 0 ms");
        assertThatThrownBy(() -> builder.refreshEvery(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refreshEvery must be positive, was -1000 ms");
        assertThatThrownBy(() -> builder.localClock(null)).isInstanceOf(NullPointerException.class).hasMessage("localClock");
        assertThatThrownBy(() -> DatabaseTimeSource.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("dataSource");
    }

    /** The server's clock read directly, as the stores read instants. */
    private static Instant databaseNow(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery(switch (db.dialect()) {
            case MARIADB -> "SELECT UTC_TIMESTAMP(6)";
            case POSTGRESQL, H2 -> "SELECT CURRENT_TIMESTAMP";
        }).mapTo(Instant.class).one());
    }

    /** Counts the connections asked for; can be told to refuse them. */
    private static final class CountingDataSource extends PlainDataSource {
        private final DataSource delegate;
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicBoolean failing = new AtomicBoolean();

        CountingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        int connections() {
            return connections.get();
        }

        void failing(boolean value) {
            failing.set(value);
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            if (failing.get()) {
                throw new SQLTransientConnectionException("refused by the test", "08001");
            }
            return delegate.getConnection();
        }

    }
}
