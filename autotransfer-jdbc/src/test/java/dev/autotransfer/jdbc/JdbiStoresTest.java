package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** What a store of another module (the ledger's) gets from {@link JdbiStores}, on each database. */
class JdbiStoresTest {

    private static final String ACCOUNT = "1002-3004-5006";

    @DatabaseTest
    void a_transaction_commits_when_its_work_returns_and_rolls_back_when_it_throws(TestDatabase db) {
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE t_stores (id INT PRIMARY KEY)"));
        Jdbi jdbi = JdbiStores.jdbi(db.dataSource(), db.dialect());

        JdbiStores.inReadCommitted(jdbi, db.dialect(), h -> h.execute("INSERT INTO t_stores (id) VALUES (1)"));
        assertThatThrownBy(() -> JdbiStores.inReadCommitted(jdbi, db.dialect(), h -> {
            h.execute("INSERT INTO t_stores (id) VALUES (2)");
            throw new IllegalStateException("the work failed");
        })).hasMessage("the work failed");

        List<Integer> ids = jdbi.withHandle(h -> h.createQuery("SELECT id FROM t_stores ORDER BY id")
                .mapTo(Integer.class).list());
        assertThat(ids).containsExactly(1);
    }

    @DatabaseTest
    void instants_round_trip_through_the_configured_jdbi(TestDatabase db) {
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE t_instants (id INT PRIMARY KEY, at "
                + (db.dialect() == Dialect.MARIADB ? "DATETIME(6)" : "TIMESTAMP(6) WITH TIME ZONE") + " NOT NULL)"));
        Jdbi jdbi = JdbiStores.jdbi(db.dataSource(), db.dialect());
        Instant at = Instant.parse("2026-03-29T01:30:00.123456Z");

        jdbi.useHandle(h -> h.createUpdate("INSERT INTO t_instants (id, at) VALUES (1, :at)").bind("at", at).execute());

        Instant read = jdbi.withHandle(h -> h.createQuery("SELECT at FROM t_instants").mapTo(Instant.class).one());
        assertThat(read).isEqualTo(at);
    }

    @DatabaseTest
    void a_unique_violation_is_recognised_and_reported_without_the_rows_values(TestDatabase db) {
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE t_unique (id INT PRIMARY KEY, account VARCHAR(34) NOT NULL, "
                + "CONSTRAINT t_unique_account_uq UNIQUE (account))"));
        Jdbi jdbi = JdbiStores.jdbi(db.dataSource(), db.dialect());
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO t_unique (id, account) VALUES (1, :account)")
                .bind("account", ACCOUNT).execute());

        Throwable failure = catchThrowable(() -> JdbiStores.inReadCommitted(jdbi, db.dialect(), h -> h
                .createUpdate("INSERT INTO t_unique (id, account) VALUES (2, :account)")
                .bind("account", ACCOUNT).execute()));

        assertThat(JdbiStores.isUniqueViolation(failure)).isTrue();
        assertThat(JdbiStores.isRetryable(failure)).isFalse();
        AutoTransferJdbcException reported = JdbiStores.failure("inserting an account", failure);
        assertThat(reported.getMessage()).startsWith("inserting an account failed: SQLState 23")
                .doesNotContain(ACCOUNT);
        assertThat(reported.getCause().getMessage()).doesNotContain(ACCOUNT);
        assertThat(JdbiStores.isUniqueViolation(new IllegalStateException("no database here"))).isFalse();
    }
}
