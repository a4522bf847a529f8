package dev.autotransfer.jdbc.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Classifies the driver's exceptions behind a failure ({@link #classify}: what it means on H2,
 * PostgreSQL and MariaDB/MySQL, whether a retry may help), and turns them into causes fit for
 * logs. Not API. Stateless.
 *
 * <p>Only the SQLState, the vendor code and the first line of the driver's message are kept: later
 * lines may quote the failing row (PostgreSQL's "Detail: Failing row contains ..."), and Jdbi's
 * message repeats the driver's, so a row's account numbers would reach every log that prints the
 * stack trace.
 */
public final class DatabaseErrors {

    /**
     * What a failure means to a caller deciding whether to retry: read from the SQLState and
     * vendor code of the driver's exception (see {@link #classify}). An enum; thread-safe.
     */
    public enum Failure {
        /** A unique key refused the row. */
        UNIQUE_VIOLATION,
        /** The statement waited longer than the session's lock timeout for a row lock. */
        LOCK_TIMEOUT,
        /** The database broke a lock cycle by failing this transaction (or, on MariaDB, this statement). */
        DEADLOCK,
        /** A SERIALIZABLE or REPEATABLE READ transaction conflicted with a concurrent one. */
        SERIALIZATION_FAILURE,
        /** The connection broke or was killed: whether a commit in flight took effect is unknown. */
        CONNECTION_LOST,
        /** Anything else: bad SQL, a refused constraint other than a unique key, missing grants. */
        OTHER
    }

    private static final int MARIADB_DUPLICATE_KEY = 1062;
    private static final java.util.regex.Pattern QUOTED_VALUE = java.util.regex.Pattern.compile("'[^']*\\d[^']*'");
    private static final int MARIADB_DUPLICATE_KEY_WITH_NAME = 1586;
    private static final int MARIADB_LOCK_WAIT_TIMEOUT = 1205;
    private static final int MARIADB_DEADLOCK = 1213;
    // ER_XA_RBDEADLOCK: an XA branch rolled back for a deadlock
    private static final int MARIADB_XA_DEADLOCK = 1614;
    // ER_CHECKREAD: "Record has changed since last read", InnoDB's snapshot-isolation conflict
    // (MariaDB 11.8 with innodb_snapshot_isolation)
    private static final int MARIADB_RECORD_CHANGED = 1020;
    // ER_CONNECTION_KILLED (SQLState 70100, shared with a mere KILL QUERY's 1317)
    private static final int MARIADB_CONNECTION_KILLED = 1927;
    // CR_SERVER_GONE_ERROR and CR_SERVER_LOST, as MySQL's clients report them
    private static final Set<Integer> MARIADB_SERVER_GONE = Set.of(2006, 2013);
    private static final int H2_LOCK_TIMEOUT = 50200;
    private static final int H2_DEADLOCK = 40001;
    // CONCURRENT_UPDATE_1: another transaction changed or deleted the row
    private static final int H2_CONCURRENT_UPDATE = 90131;
    // CONNECTION_BROKEN_1, DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN
    private static final Set<Integer> H2_CONNECTION_LOST = Set.of(90067, 90098, 90121);
    // admin_shutdown (pg_terminate_backend, a fast shutdown), crash_shutdown, cannot_connect_now
    private static final Set<String> POSTGRES_SHUTDOWN = Set.of("57P01", "57P02", "57P03");
    private static final int MAX_CHAIN = 32;

    private DatabaseErrors() {
    }

    /** Whether the failure is a unique-key violation: SQLState 23505, or MariaDB/MySQL error 1062. */
    public static boolean isUniqueViolation(Throwable failure) {
        SQLException e = sqlException(failure);
        return e != null && ("23505".equals(e.getSQLState()) || e.getErrorCode() == MARIADB_DUPLICATE_KEY);
    }

    /**
     * What the failure means, from the first exception in its cause chain (and each
     * SQLException's next-exception chain) that tells: a known SQLState or vendor code of H2,
     * PostgreSQL or MariaDB/MySQL, or a connection exception class; else, when no SQLException in
     * the chain carries a SQLState, an {@link IOException} (a socket closed under the driver).
     * {@link Failure#OTHER} when nothing tells, also for null; never throws.
     */
    public static Failure classify(Throwable failure) {
        boolean ioFailure = false;
        boolean stated = false;
        int seen = 0;
        for (Throwable t = failure; t != null && seen < MAX_CHAIN; t = t.getCause(), seen++) {
            if (t instanceof SQLException e) {
                // BatchUpdateException and PostgreSQL keep the real failure in the next-exception chain
                int next = 0;
                for (SQLException n = e; n != null && next < MAX_CHAIN; n = n.getNextException(), next++) {
                    Failure known = classifyOne(n);
                    if (known != Failure.OTHER) {
                        return known;
                    }
                    stated |= n.getSQLState() != null && !n.getSQLState().isBlank();
                }
            }
            ioFailure |= t instanceof IOException;
        }
        // a state the database gave (say 22021, bad encoding) outweighs an I/O cause the driver attached
        return ioFailure && !stated ? Failure.CONNECTION_LOST : Failure.OTHER;
    }

    /** Whether repeating the whole transaction may succeed: lock timeouts, deadlocks, serialization failures, lost connections. */
    public static boolean isRetryable(Failure failure) {
        return switch (failure) {
            case LOCK_TIMEOUT, DEADLOCK, SERIALIZATION_FAILURE, CONNECTION_LOST -> true;
            case UNIQUE_VIOLATION, OTHER -> false;
        };
    }

    /**
     * Whether a commit that failed this way may still have taken effect: only a lost connection
     * (the commit may have reached the server and the answer not come back), so a retry must
     * first check what was written.
     */
    public static boolean isMaybeCommitted(Failure failure) {
        return failure == Failure.CONNECTION_LOST;
    }

    private static Failure classifyOne(SQLException e) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // vendor codes first: MariaDB reports 1205 as HY000 (Connector/J as 40001 or 41000), and
        // 40001 means a deadlock on MariaDB and H2 but a serialization failure on PostgreSQL,
        // whose vendor code is always 0
        if (code == MARIADB_DUPLICATE_KEY || code == MARIADB_DUPLICATE_KEY_WITH_NAME) {
            return Failure.UNIQUE_VIOLATION;
        }
        if (code == MARIADB_LOCK_WAIT_TIMEOUT || code == H2_LOCK_TIMEOUT) {
            return Failure.LOCK_TIMEOUT;
        }
        if (code == MARIADB_DEADLOCK || code == MARIADB_XA_DEADLOCK || (code == H2_DEADLOCK && "40001".equals(state))) {
            return Failure.DEADLOCK;
        }
        if (code == MARIADB_RECORD_CHANGED || code == H2_CONCURRENT_UPDATE) {
            return Failure.SERIALIZATION_FAILURE;
        }
        if (code == MARIADB_CONNECTION_KILLED || MARIADB_SERVER_GONE.contains(code)
                || H2_CONNECTION_LOST.contains(code)) {
            return Failure.CONNECTION_LOST;
        }
        return switch (state) {
            case "23505" -> Failure.UNIQUE_VIOLATION;
            case "55P03", "HYT00" -> Failure.LOCK_TIMEOUT;
            case "40P01" -> Failure.DEADLOCK;
            case "40001" -> Failure.SERIALIZATION_FAILURE;
            default -> connectionLost(e, state) ? Failure.CONNECTION_LOST : Failure.OTHER;
        };
    }

    private static boolean connectionLost(SQLException e, String state) {
        if (state.startsWith("08") || POSTGRES_SHUTDOWN.contains(state)) {
            return true;
        }
        // MariaDB's driver throws these for a dead socket whatever the state; 28xxx is a refused
        // login, which no retry fixes
        return !state.startsWith("28") && (e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException);
    }

    /** "SQLState x: first line of the message", or the failure's class when no SQLException is behind it. */
    public static String describe(Throwable failure) {
        SQLException e = sqlException(failure);
        if (e == null) {
            return failure.getClass().getSimpleName();
        }
        return "SQLState " + e.getSQLState() + ": " + firstLine(e);
    }

    /**
     * The driver's exception reduced to its SQLState, vendor code, first message line and stack
     * trace, for use as a cause; the failure itself when no SQLException is behind it.
     */
    public static Throwable sanitized(Throwable failure) {
        SQLException e = sqlException(failure);
        if (e == null) {
            return failure;
        }
        SQLException copy = new SQLException(e.getClass().getName() + ": " + firstLine(e), e.getSQLState(),
                e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private static String firstLine(SQLException e) {
        return redactValues(String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip());
    }

    /**
     * The message with every quoted value that holds a digit replaced by {@code '…'}: H2 quotes the
     * whole existing row of a primary-key violation on the first line, and MariaDB the duplicate
     * value ("Duplicate entry '1002-3004-5006' for key ..."), either of which can be an account
     * number. Quoted names without digits (constraints, tables) are kept.
     */
    static String redactValues(String message) {
        return QUOTED_VALUE.matcher(message).replaceAll("'…'");
    }

    private static SQLException sqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return e;
            }
        }
        return null;
    }
}
