package dev.autotransfer.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;

/** What reaches logs from a database failure never holds the row's values, such as an account number. */
class ErrorMessageRedactionTest {

    private static final String ACCOUNT = "1002-3004-5006";

    @DatabaseTest
    void a_duplicate_key_failure_is_described_without_the_rows_values(TestDatabase db) {
        Jdbi jdbi = db.jdbi();
        jdbi.useHandle(h -> h.execute("CREATE TABLE t_redact (id INT PRIMARY KEY, account VARCHAR(34) NOT NULL, "
                + "CONSTRAINT t_redact_account_uq UNIQUE (account))"));
        jdbi.useHandle(h -> h.execute("INSERT INTO t_redact (id, account) VALUES (1, '" + ACCOUNT + "')"));

        Throwable primary = catchThrowable(() -> jdbi.useHandle(h ->
                h.execute("INSERT INTO t_redact (id, account) VALUES (1, '" + ACCOUNT + "')")));
        Throwable secondary = catchThrowable(() -> jdbi.useHandle(h ->
                h.execute("INSERT INTO t_redact (id, account) VALUES (2, '" + ACCOUNT + "')")));

        for (Throwable failure : new Throwable[] {primary, secondary}) {
            assertThat(DatabaseErrors.isUniqueViolation(failure)).isTrue();
            assertThat(DatabaseErrors.describe(failure)).doesNotContain(ACCOUNT).startsWith("SQLState 23");
            Throwable sanitized = DatabaseErrors.sanitized(failure);
            assertThat(sanitized.getMessage()).doesNotContain(ACCOUNT);
            assertThat(sanitized.getCause()).isNull();
        }
        assertThat(DatabaseErrors.describe(primary) + DatabaseErrors.describe(secondary))
                .as("names without digits stay readable").containsIgnoringCase("t_redact");
    }
}
