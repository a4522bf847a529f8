package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.DatabaseErrors.Failure;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.jdbc.testing.UrlDataSource;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Every handle of a Jdbi from {@link JdbiFactory} waits at most the configured lock timeout, so no
 * statement waits forever (PostgreSQL's default) or 50 s (InnoDB's) behind a held row lock.
 */
class LockTimeoutTest {

    @DatabaseTest
    void every_handle_carries_the_configured_lock_timeout(TestDatabase db) {
        Jdbi jdbi = JdbiFactory.create(db.appDataSource(), db.dialect(), Duration.ofMillis(1500));

        String opened = jdbi.withHandle(h -> sessionLockTimeout(h, db.dialect()));
        String inTransaction = jdbi.inTransaction(h -> sessionLockTimeout(h, db.dialect()));

        String expected = switch (db.dialect()) {
            case POSTGRESQL -> "1500ms";
            case MARIADB -> "2"; // whole seconds, rounded up
            case H2 -> "1500";
        };
        assertThat(opened).isEqualTo(expected);
        assertThat(inTransaction).isEqualTo(expected);
    }

    @DatabaseTest
    void the_default_lock_timeout_is_five_seconds(TestDatabase db) {
        String actual = JdbiFactory.create(db.appDataSource(), db.dialect())
                .withHandle(h -> sessionLockTimeout(h, db.dialect()));

        assertThat(actual).isEqualTo(switch (db.dialect()) {
            case POSTGRESQL -> "5s";
            case MARIADB -> "5";
            case H2 -> "5000";
        });
    }

    @DatabaseTest
    void a_statement_behind_a_held_row_lock_fails_with_a_lock_timeout(TestDatabase db) {
        Jdbi holderJdbi = db.jdbi();
        // 1 s on MariaDB, whose setting counts whole seconds
        Jdbi jdbi = JdbiFactory.create(db.dataSource(), db.dialect(), Duration.ofMillis(200));
        try (Handle holder = holderJdbi.open()) {
            holder.begin();
            try {
                holder.execute("UPDATE at_schema_version SET description = 'held' WHERE version = 1");

                Throwable failure = catchThrowable(() -> jdbi.useHandle(h -> h.execute(
                        "UPDATE at_schema_version SET description = 'waiter' WHERE version = 1")));

                assertThat(DatabaseErrors.classify(failure)).as("%s", failure).isEqualTo(Failure.LOCK_TIMEOUT);
            } finally {
                holder.rollback();
            }
        }
        String description = jdbi.withHandle(h -> h.createQuery("SELECT description FROM at_schema_version WHERE version = 1")
                .mapTo(String.class).one());
        assertThat(description).as("neither update took effect").isEqualTo("V001__init");
    }

    @Test
    void a_lock_timeout_outside_1_ms_to_int_max_ms_is_refused_naming_the_unit() {
        UrlDataSource dataSource = new UrlDataSource("jdbc:h2:mem:never-opened");
        assertThatThrownBy(() -> JdbiFactory.create(dataSource, Dialect.H2, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockTimeout").hasMessageContaining("0 ms");
        assertThatThrownBy(() -> JdbiFactory.create(dataSource, Dialect.H2, Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2592000000 ms");
    }

    private static String sessionLockTimeout(Handle handle, Dialect dialect) {
        return handle.createQuery(switch (dialect) {
            case POSTGRESQL -> "SHOW lock_timeout";
            case MARIADB -> "SELECT @@SESSION.innodb_lock_wait_timeout";
            case H2 -> "SELECT LOCK_TIMEOUT()";
        }).mapTo(String.class).one();
    }
}
