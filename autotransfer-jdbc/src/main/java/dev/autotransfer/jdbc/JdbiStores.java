package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.Installation;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.internal.SqlStatements;
import dev.autotransfer.jdbc.internal.Transactions;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The Jdbi setup that this module's stores share, for a store of another module that keeps its own
 * tables in the autotransfer database (autotransfer-ledger's is one): the same configured
 * {@link Jdbi}, the same READ COMMITTED transactions and the same reading of the driver's failures.
 *
 * <p>This is the extension surface of autotransfer-jdbc, not something an application calls: it is
 * the one public place that names Jdbi types, so that such a store needs nothing from this module's
 * {@code internal} package. What it gives:
 * <ul>
 *   <li>{@link #jdbi}: instants bound and read as UTC on every dialect (a column read with
 *       {@code mapTo(Instant.class)} or {@code StatementContext.findColumnMapperFor(Instant.class)}),
 *       failure messages that never render bound values, and a lock timeout of 5 s on every handle;</li>
 *   <li>{@link #inReadCommitted}: a transaction at READ COMMITTED (switched only on MariaDB/MySQL,
 *       whose default is REPEATABLE READ);</li>
 *   <li>{@link #isUniqueViolation}, {@link #isRetryable} and {@link #failure}: what a failure means
 *       on H2, PostgreSQL and MariaDB/MySQL, and an exception for it whose message and cause carry no
 *       row values (account numbers stay out of logs).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; the methods that take a {@link Jdbi} block on its database.
 */
public final class JdbiStores {

    private JdbiStores() {
    }

    /**
     * A Jdbi on the data source configured as this module's stores configure theirs (see the class
     * comment). Opens no connection.
     */
    public static Jdbi jdbi(DataSource dataSource, Dialect dialect) {
        return JdbiFactory.create(Objects.requireNonNull(dataSource, "dataSource"),
                Objects.requireNonNull(dialect, "dialect"));
    }

    /**
     * Runs {@code work} in one READ COMMITTED transaction of {@code jdbi}, committed when it returns and
     * rolled back when it throws; Jdbi's own failures propagate as Jdbi throws them (classify them
     * with {@link #isUniqueViolation} and {@link #isRetryable}).
     */
    public static <T, X extends Exception> T inReadCommitted(Jdbi jdbi, Dialect dialect, HandleCallback<T, X> work)
            throws X {
        return Transactions.readCommitted(Objects.requireNonNull(jdbi, "jdbi"),
                Objects.requireNonNull(dialect, "dialect"), Objects.requireNonNull(work, "work"));
    }

    /** Whether a unique key refused the row ({@code failure} or a cause of it); false for null. */
    public static boolean isUniqueViolation(Throwable failure) {
        return DatabaseErrors.classify(failure) == DatabaseErrors.Failure.UNIQUE_VIOLATION;
    }

    /**
     * Whether running the whole transaction again may succeed: a lock timeout, a deadlock, a
     * serialization failure or a lost connection (after which a commit in flight may have taken
     * effect, so the retry must be idempotent). False for null.
     */
    public static boolean isRetryable(Throwable failure) {
        return DatabaseErrors.isRetryable(DatabaseErrors.classify(failure));
    }

    /**
     * The exception to throw for a failed step: the message says {@code what} failed and gives the
     * driver's SQLState and first message line with quoted values redacted; the cause is the driver's
     * exception reduced to its SQLState, vendor code and that line.
     */
    public static AutoTransferJdbcException failure(String what, Throwable failure) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(failure, "failure");
        return new AutoTransferJdbcException(what + " failed: " + DatabaseErrors.describe(failure),
                DatabaseErrors.sanitized(failure));
    }

    /**
     * The SQL statement {@code name} under the resource folder {@code root} (for example
     * {@code dev/autotransfer/ledger/sql/}), loaded as this module loads its own:
     * {@code <root><dialect>/<name>} overrides {@code <root><name>} where a dialect differs, full-line
     * {@code --} comments are removed, a trailing semicolon is cut. Cached.
     *
     * @throws AutoTransferJdbcException if neither resource exists
     */
    public static String statement(String root, Dialect dialect, String name) {
        Objects.requireNonNull(root, "root");
        if (!root.endsWith("/")) {
            throw new IllegalArgumentException("root must end with '/', was '" + root + "'");
        }
        return SqlStatements.get(root, Objects.requireNonNull(dialect, "dialect"), Objects.requireNonNull(name, "name"));
    }

    /**
     * The installation id of the schema behind the data source (what its keys start with), read with
     * one query; cheaper than building an {@link AutoTransferDatabase} for it.
     *
     * @throws AutoTransferJdbcException if the schema holds no installation id
     */
    public static String installationId(DataSource dataSource, Dialect dialect) {
        return Installation.id(jdbi(dataSource, dialect), dialect);
    }
}
