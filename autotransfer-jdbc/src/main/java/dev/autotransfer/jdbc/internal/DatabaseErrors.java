package dev.autotransfer.jdbc.internal;

import java.sql.SQLException;

/**
 * Classifies the driver's exceptions behind a failure, and turns them into causes fit for logs.
 * Not API. Stateless.
 *
 * <p>Only the SQLState, the vendor code and the first line of the driver's message are kept: later
 * lines may quote the failing row (PostgreSQL's "Detail: Failing row contains ..."), and Jdbi's
 * message repeats the driver's, so a row's account numbers would reach every log that prints the
 * stack trace.
 */
public final class DatabaseErrors {

    private static final int MARIADB_DUPLICATE_KEY = 1062;

    private DatabaseErrors() {
    }

    /** Whether the failure is a unique-key violation: SQLState 23505, or MariaDB/MySQL error 1062. */
    public static boolean isUniqueViolation(Throwable failure) {
        SQLException e = sqlException(failure);
        return e != null && ("23505".equals(e.getSQLState()) || e.getErrorCode() == MARIADB_DUPLICATE_KEY);
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
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
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
