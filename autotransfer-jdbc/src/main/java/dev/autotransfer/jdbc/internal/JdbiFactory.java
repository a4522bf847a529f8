package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * Builds the {@link Jdbi} every store uses: instants bound and read as UTC ({@link UtcInstants}),
 * failure messages that never render bound values, and a lock timeout set on every handle it
 * opens. Not API. Stateless.
 */
public final class JdbiFactory {

    /** The lock timeout of {@link #create(DataSource, Dialect)}. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

    /**
     * One parse cache for every Jdbi this factory builds (Jdbi's own parser, thread-safe, bounded):
     * each store, and each call on a caller's connection, has its own Jdbi, and parsing the same
     * statements again for each one cost a fifth of the engine's CPU in the simulation harness.
     */
    private static final SqlParser SHARED_PARSER = new ColonPrefixSqlParser();

    private JdbiFactory() {
    }

    /** A Jdbi on the data source, configured for the dialect, with the default lock timeout of 5 s. */
    public static Jdbi create(DataSource dataSource, Dialect dialect) {
        return create(dataSource, dialect, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * A Jdbi on the data source, configured for the dialect, whose every handle waits at most
     * {@code lockTimeout} for a row lock (MariaDB/MySQL: rounded up to whole seconds).
     *
     * @throws IllegalArgumentException if the timeout is not between 1 ms and {@link Integer#MAX_VALUE} ms
     */
    public static Jdbi create(DataSource dataSource, Dialect dialect, Duration lockTimeout) {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (lockTimeout.compareTo(Duration.ofMillis(1)) < 0 || lockTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("lockTimeout must be between 1 ms and " + Integer.MAX_VALUE
                    + " ms, was " + lockTimeout.toMillis() + " ms");
        }
        Jdbi jdbi = Jdbi.create(Objects.requireNonNull(dataSource, "dataSource"));
        UtcInstants instants = UtcInstants.of(dialect);
        jdbi.registerArgument(instants.argumentFactory());
        jdbi.registerColumnMapper(Instant.class, instants.columnMapper());
        // Jdbi's default appends the bound arguments to a failure's message: account numbers
        // would reach logs through the exception's cause
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setSqlParser(SHARED_PARSER);
        jdbi.installPlugin(new LockTimeoutPlugin(dialect, lockTimeout));
        return jdbi;
    }

    /**
     * A Jdbi whose every handle works on the caller's connection and transaction: instants and
     * failure messages as {@link #create(DataSource, Dialect)}, but it never closes the connection,
     * never ends the caller's transaction when a handle closes, and changes no session setting.
     */
    public static Jdbi onCallerConnection(Connection connection, Dialect dialect) {
        Objects.requireNonNull(connection, "connection");
        Jdbi jdbi = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return connection;
            }

            @Override
            public void closeConnection(Connection toClose) {
                // the caller's: it stays open
            }
        });
        UtcInstants instants = UtcInstants.of(Objects.requireNonNull(dialect, "dialect"));
        jdbi.registerArgument(instants.argumentFactory());
        jdbi.registerColumnMapper(Instant.class, instants.columnMapper());
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setSqlParser(SHARED_PARSER);
        jdbi.getConfig(Handles.class).setForceEndTransactions(false);
        return jdbi;
    }

    /**
     * Sets the session's lock timeout on the connections Jdbi's handles use: PostgreSQL's
     * lock_timeout waits forever by default and InnoDB's for 50 s. Once per physical connection
     * (what {@code unwrap(Connection.class)} returns: a pool's proxies unwrap to the connection they
     * hand out again), since a round trip per handle would cost the engine a fifth of its statements;
     * a pool whose proxies do not unwrap gets the setting on every handle.
     */
    private static final class LockTimeoutPlugin implements JdbiPlugin {

        private final String sql;
        private final Object value;
        private final Set<Connection> configured = Collections.synchronizedSet(
                Collections.newSetFromMap(new WeakHashMap<>()));

        LockTimeoutPlugin(Dialect dialect, Duration lockTimeout) {
            this.sql = SqlStatements.get(dialect, "session/lock_timeout.sql");
            long millis = lockTimeout.toMillis();
            this.value = switch (dialect) {
                case POSTGRESQL -> millis + "ms";
                // innodb_lock_wait_timeout counts whole seconds: round up, so a short timeout never becomes 0
                case MARIADB -> Math.max(1, (millis + 999) / 1000);
                case H2 -> millis;
            };
        }

        @Override
        public Handle customizeHandle(Handle handle) throws SQLException {
            Connection physical = physical(handle.getConnection());
            if (configured.contains(physical)) {
                return handle;
            }
            if (sql.regionMatches(true, 0, "SELECT", 0, 6)) {
                handle.createQuery(sql).bind("lockTimeout", value).mapTo(String.class).one();
            } else {
                handle.createUpdate(sql).bind("lockTimeout", value).execute();
            }
            Connection connection = handle.getConnection();
            if (!connection.getAutoCommit()) {
                // a pool set to autocommit off: on PostgreSQL the setting is transactional, and the
                // caller's first rollback would undo it
                connection.commit();
            }
            configured.add(physical);
            return handle;
        }

        private static Connection physical(Connection connection) {
            try {
                return connection.unwrap(Connection.class);
            } catch (SQLException e) {
                return connection;
            }
        }
    }
}
