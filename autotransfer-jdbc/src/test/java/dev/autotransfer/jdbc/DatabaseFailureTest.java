package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.DatabaseErrors.Failure;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** Each failure provoked for real on each database that can produce it is classified as what it is. */
class DatabaseFailureTest {

    @DatabaseTest
    void a_duplicate_key_is_a_unique_violation_and_not_retryable(TestDatabase db) {
        Throwable failure = catchThrowable(() -> db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO at_schema_version (version, description) VALUES (1, 'again')")));

        assertThat(DatabaseErrors.classify(failure)).as(describe(failure)).isEqualTo(Failure.UNIQUE_VIOLATION);
        assertThat(DatabaseErrors.isRetryable(Failure.UNIQUE_VIOLATION)).isFalse();
    }

    @DatabaseTest
    void waiting_past_the_sessions_lock_timeout_for_a_held_row_is_a_lock_timeout(TestDatabase db) {
        Jdbi jdbi = db.jdbi();
        try (Handle holder = jdbi.open(); Handle waiter = jdbi.open()) {
            holder.begin();
            try {
                holder.execute("UPDATE at_schema_version SET description = 'held' WHERE version = 1");
                waiter.execute(switch (db.dialect()) {
                    case POSTGRESQL -> "SET lock_timeout = '200ms'";
                    case MARIADB -> "SET SESSION innodb_lock_wait_timeout = 1";
                    case H2 -> "SET LOCK_TIMEOUT 200";
                });

                Throwable failure = catchThrowable(() -> waiter.execute(
                        "UPDATE at_schema_version SET description = 'waiter' WHERE version = 1"));

                Failure failed = DatabaseErrors.classify(failure);
                assertThat(failed).as(describe(failure)).isEqualTo(Failure.LOCK_TIMEOUT);
                assertThat(DatabaseErrors.isRetryable(failed)).isTrue();
                assertThat(DatabaseErrors.isMaybeCommitted(failed)).isFalse();
            } finally {
                holder.rollback();
            }
        }
    }

    // H2 2.x detects the cycle too and fails one side with its code 40001 "Deadlock detected"
    @DatabaseTest
    void two_transactions_locking_two_rows_in_opposite_order_deadlock_and_one_is_told(TestDatabase db)
            throws InterruptedException {
        Jdbi jdbi = db.jdbi();
        jdbi.useHandle(h -> h.execute("INSERT INTO at_schema_version (version, description) VALUES (900, 'a'), (901, 'b')"));
        CountDownLatch bothHoldTheirFirstRow = new CountDownLatch(2);

        List<Concurrently.Outcome<Integer>> outcomes = Concurrently.run(2, i -> () -> jdbi.inTransaction(h -> {
            h.execute("UPDATE at_schema_version SET description = 'first' WHERE version = ?", 900 + i);
            bothHoldTheirFirstRow.countDown();
            if (!bothHoldTheirFirstRow.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other transaction never took its first row");
            }
            return h.execute("UPDATE at_schema_version SET description = 'second' WHERE version = ?", 901 - i);
        }));

        List<Throwable> failures = outcomes.stream().map(Concurrently.Outcome::failure).filter(Objects::nonNull).toList();
        assertThat(failures).as("exactly one side is chosen as the victim").hasSize(1);
        assertThat(DatabaseErrors.classify(failures.get(0))).as(describe(failures.get(0))).isEqualTo(Failure.DEADLOCK);
        assertThat(outcomes).extracting(Concurrently.Outcome::value).containsOnlyOnce(1);
    }

    // MariaDB cannot produce it: SERIALIZABLE InnoDB takes shared locks on reads, so the writer
    // waits for the reader instead (a lock timeout), and REPEATABLE READ lets the stale update through
    @DatabaseTest(dialects = Dialect.POSTGRESQL)
    void updating_a_row_changed_since_a_serializable_transactions_snapshot_is_a_serialization_failure(TestDatabase db) {
        Throwable failure = serializableWriteConflict(db.jdbi());

        assertThat(DatabaseErrors.classify(failure)).as(describe(failure)).isEqualTo(Failure.SERIALIZATION_FAILURE);
        assertThat(DatabaseErrors.isRetryable(Failure.SERIALIZATION_FAILURE)).isTrue();
    }

    // H2 reports the same write conflict with its deadlock error (SQLState and code 40001, "Deadlock
    // detected"), so nothing tells it from a real deadlock: it is classified DEADLOCK, retryable alike
    @DatabaseTest(dialects = Dialect.H2)
    void on_h2_a_serializable_write_conflict_is_reported_as_a_deadlock(TestDatabase db) {
        Throwable failure = serializableWriteConflict(db.jdbi());

        assertThat(DatabaseErrors.classify(failure)).as(describe(failure)).isEqualTo(Failure.DEADLOCK);
    }

    @DatabaseTest
    void a_connection_killed_by_the_server_is_lost_on_its_next_statement(TestDatabase db) {
        Jdbi jdbi = db.jdbi();
        try (Handle victim = jdbi.open()) {
            kill(db, jdbi, victim);

            Throwable failure = catchThrowable(() -> victim.createQuery("SELECT 1").mapTo(Integer.class).one());

            assertThat(DatabaseErrors.classify(failure)).as(describe(failure)).isEqualTo(Failure.CONNECTION_LOST);
        }
    }

    @DatabaseTest
    void a_commit_on_a_killed_connection_may_have_committed_as_far_as_the_client_can_tell(TestDatabase db) {
        Jdbi jdbi = db.jdbi();
        try (Handle victim = jdbi.open()) {
            victim.begin();
            victim.execute("INSERT INTO at_schema_version (version, description) VALUES (902, 'in flight')");
            kill(db, jdbi, victim);

            Throwable failure = catchThrowable(victim::commit);

            Failure failed = DatabaseErrors.classify(failure);
            assertThat(failed).as(describe(failure)).isEqualTo(Failure.CONNECTION_LOST);
            assertThat(DatabaseErrors.isMaybeCommitted(failed)).isTrue();
            assertThat(DatabaseErrors.isRetryable(failed)).isTrue();
        }
        int committed = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM at_schema_version WHERE version = 902")
                .mapTo(Integer.class).one());
        assertThat(committed).as("here the server rolled it back; the client could not know").isZero();
    }

    /** A SERIALIZABLE transaction's update of a row another transaction changed after its snapshot. */
    private static Throwable serializableWriteConflict(Jdbi jdbi) {
        try (Handle reader = jdbi.open(); Handle writer = jdbi.open()) {
            reader.setTransactionIsolationLevel(TransactionIsolationLevel.SERIALIZABLE);
            reader.begin();
            try {
                reader.createQuery("SELECT description FROM at_schema_version WHERE version = 1").mapTo(String.class).one();
                writer.execute("UPDATE at_schema_version SET description = 'changed' WHERE version = 1");
                return catchThrowable(() -> reader.execute(
                        "UPDATE at_schema_version SET description = 'stale' WHERE version = 1"));
            } finally {
                reader.rollback();
            }
        }
    }

    /**
     * Ends the victim's session from another connection, as an operator or a failover would. What
     * the victim then sees: PostgreSQL 57P01 "terminating connection due to administrator command";
     * MariaDB not error 1927 but the driver's 08000 "Socket error" (an EOFException under it); H2
     * 90121 "Database is already closed".
     */
    private static void kill(TestDatabase db, Jdbi jdbi, Handle victim) {
        String idQuery = switch (db.dialect()) {
            case POSTGRESQL -> "SELECT pg_backend_pid()";
            case MARIADB -> "SELECT CONNECTION_ID()";
            case H2 -> "SELECT SESSION_ID()";
        };
        long id = victim.createQuery(idQuery).mapTo(Long.class).one();
        jdbi.useHandle(killer -> {
            switch (db.dialect()) {
                // waits up to 5 s until the backend is gone
                case POSTGRESQL -> assertThat(killer.createQuery("SELECT pg_terminate_backend(:pid, 5000)")
                        .bind("pid", (int) id).mapTo(Boolean.class).one()).isTrue();
                case MARIADB -> killer.execute("KILL CONNECTION " + id);
                case H2 -> assertThat(killer.createQuery("SELECT ABORT_SESSION(:id)").bind("id", (int) id)
                        .mapTo(Boolean.class).one()).isTrue();
            }
        });
    }

    private static String describe(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            chain.append(" <- ").append(t.getClass().getName());
            if (t instanceof SQLException e) {
                chain.append("[state ").append(e.getSQLState()).append(", code ").append(e.getErrorCode())
                        .append(": ").append(String.valueOf(e.getMessage()).lines().findFirst().orElse("")).append(']');
            }
        }
        return chain.length() == 0 ? "no failure" : chain.substring(4);
    }
}
