package dev.autotransfer.jdbc.client;

import static dev.autotransfer.jdbc.client.ClientFixture.ALICE;
import static dev.autotransfer.jdbc.client.ClientFixture.rent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.ConcurrentScheduleCreationException;
import dev.autotransfer.bank.Money;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** A schedule created inside the caller's own JDBC transaction lives and dies with it. */
class CreateInCallerTransactionTest {

    @DatabaseTest
    void the_schedule_its_work_item_and_its_audit_entry_roll_back_and_commit_with_the_caller(TestDatabase db)
            throws Exception {
        ClientFixture f = new ClientFixture(db);
        try (Connection connection = db.appDataSource().getConnection()) {
            connection.setAutoCommit(false);
            Schedule rolledBack = f.client.create(connection, rent("in-tx").build(), ALICE);
            assertThat(count(connection, "at_audit_log")).as("visible inside the caller's transaction").isEqualTo(1);
            connection.rollback();
            assertThat(f.client.find(rolledBack.id())).isEmpty();
            assertThat(f.count("SELECT COUNT(*) FROM at_schedule") + f.count("SELECT COUNT(*) FROM at_work_item")
                    + f.count("SELECT COUNT(*) FROM at_audit_log")).isZero();

            Schedule committed = f.client.create(connection, rent("in-tx").build(), ALICE);
            assertThat(f.client.find(committed.id())).as("not visible before the caller commits").isEmpty();
            connection.commit();
            assertThat(f.client.find(committed.id())).contains(committed);
            assertThat(connection.getAutoCommit()).as("the caller's connection state is untouched").isFalse();
            assertThat(connection.isClosed()).isFalse();
        }
        assertThat(f.count("SELECT COUNT(*) FROM at_work_item")).isEqualTo(1);
        assertThat(f.audit()).extracting(ClientFixture.AuditRow::action).containsExactly("CREATE");
    }

    @DatabaseTest
    void a_connection_in_autocommit_mode_is_refused(TestDatabase db) throws Exception {
        ClientFixture f = new ClientFixture(db);
        try (Connection connection = db.appDataSource().getConnection()) {
            assertThatThrownBy(() -> f.client.create(connection, rent("autocommit").build(), ALICE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoCommit");
        }
        assertThat(f.count("SELECT COUNT(*) FROM at_schedule")).isZero();
    }

    @DatabaseTest
    void a_duplicate_committed_after_the_callers_snapshot_is_a_retryable_error_and_the_retry_finds_it(
            TestDatabase db) throws Exception {
        ClientFixture f = new ClientFixture(db);
        try (Connection first = db.appDataSource().getConnection();
                Connection second = db.appDataSource().getConnection()) {
            for (Connection c : new Connection[] {first, second}) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                count(c, "at_schedule"); // takes the snapshot
            }
            Schedule winner = f.client.create(first, rent("twice").build(), ALICE);
            first.commit();

            assertThatThrownBy(() -> f.client.create(second, rent("twice").build(), ALICE))
                    .isInstanceOfSatisfying(ConcurrentScheduleCreationException.class, e -> {
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.clientReference()).isEqualTo("twice");
                    });
            assertThat(count(second, "at_schedule")).as("the caller's transaction is still usable").isZero();
            second.rollback();

            Schedule retried = f.client.create(second, rent("twice").build(), ALICE);
            second.commit();
            assertThat(retried).isEqualTo(winner);
            assertThatThrownBy(() -> f.client.create(second, rent("twice").amount(Money.krw(1)).build(), ALICE))
                    .isInstanceOf(dev.autotransfer.ScheduleConflictException.class);
            second.rollback();
        }
        assertThat(f.count("SELECT COUNT(*) FROM at_schedule")).isEqualTo(1);
        assertThat(f.count("SELECT COUNT(*) FROM at_work_item")).isEqualTo(1);
        assertThat(f.audit()).hasSize(1);
    }

    private static long count(Connection connection, String table) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
