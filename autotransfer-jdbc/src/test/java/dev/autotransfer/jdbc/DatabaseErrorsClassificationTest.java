package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import static dev.autotransfer.jdbc.internal.DatabaseErrors.Failure.CONNECTION_LOST;
import static dev.autotransfer.jdbc.internal.DatabaseErrors.Failure.DEADLOCK;
import static dev.autotransfer.jdbc.internal.DatabaseErrors.Failure.LOCK_TIMEOUT;
import static dev.autotransfer.jdbc.internal.DatabaseErrors.Failure.OTHER;
import static dev.autotransfer.jdbc.internal.DatabaseErrors.Failure.SERIALIZATION_FAILURE;
import static dev.autotransfer.jdbc.internal.DatabaseErrors.Failure.UNIQUE_VIOLATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.DatabaseErrors.Failure;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.transaction.TransactionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/**
 * The classification of failures by SQLState, vendor code and driver exception class, per
 * database, as the drivers build them (PostgreSQL and H2 through their own exception factories;
 * MariaDB's driver throws the java.sql subclasses named here).
 */
class DatabaseErrorsClassificationTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                // PostgreSQL: errors the server sends, and ones pgjdbc makes itself
                row("PostgreSQL 23505 unique_violation", postgres("23505", "duplicate key value"), UNIQUE_VIOLATION),
                row("PostgreSQL 55P03 lock_not_available", postgres("55P03", "canceling statement due to lock timeout"),
                        LOCK_TIMEOUT),
                row("PostgreSQL 40P01 deadlock_detected", postgres("40P01", "deadlock detected"), DEADLOCK),
                row("PostgreSQL 40001 serialization_failure", postgres("40001", "could not serialize access"),
                        SERIALIZATION_FAILURE),
                row("PostgreSQL 57P01 admin_shutdown", postgres("57P01", "terminating connection due to administrator command"),
                        CONNECTION_LOST),
                row("PostgreSQL 57P02 crash_shutdown", postgres("57P02", "terminating connection"), CONNECTION_LOST),
                row("PostgreSQL 57P03 cannot_connect_now", postgres("57P03", "the database system is starting up"),
                        CONNECTION_LOST),
                row("pgjdbc 08006 I/O error", new PSQLException("An I/O error occurred while sending to the backend.",
                        PSQLState.CONNECTION_FAILURE, new EOFException()), CONNECTION_LOST),
                row("pgjdbc 08003 connection closed", new PSQLException("This connection has been closed.",
                        PSQLState.CONNECTION_DOES_NOT_EXIST), CONNECTION_LOST),
                row("pgjdbc 08001 cannot connect", new PSQLException("Connection refused.",
                        PSQLState.CONNECTION_UNABLE_TO_CONNECT, new SocketException("Connection refused")), CONNECTION_LOST),
                row("pgjdbc null state with a closed socket", new PSQLException("Socket closed", null,
                        new SocketException("Socket closed")), CONNECTION_LOST),
                row("PostgreSQL 57014 statement timeout", postgres("57014", "canceling statement due to statement timeout"),
                        OTHER),
                row("PostgreSQL 23503 foreign key", postgres("23503", "violates foreign key constraint"), OTHER),
                row("PostgreSQL 42P01 undefined table", postgres("42P01", "relation does not exist"), OTHER),
                row("PostgreSQL 22021 with an I/O cause", new PSQLException("invalid byte sequence",
                        PSQLState.DATA_ERROR, new EOFException()), OTHER),
                row("pgjdbc batch with 23505 as next exception", batchWithNext(postgres("23505", "duplicate key")),
                        UNIQUE_VIOLATION),
                // MariaDB / MySQL, as MariaDB Connector/J 3.x throws them (and MySQL Connector/J's states)
                row("MariaDB 1062 duplicate entry", new SQLIntegrityConstraintViolationException(
                        "Duplicate entry '1' for key 'PRIMARY'", "23000", 1062), UNIQUE_VIOLATION),
                row("MariaDB 1586 duplicate entry with key name", new SQLIntegrityConstraintViolationException(
                        "Duplicate entry", "23000", 1586), UNIQUE_VIOLATION),
                row("MariaDB 1452 foreign key", new SQLIntegrityConstraintViolationException(
                        "Cannot add or update a child row", "23000", 1452), OTHER),
                row("MariaDB 1205 lock wait timeout (HY000)", new SQLException(
                        "Lock wait timeout exceeded; try restarting transaction", "HY000", 1205), LOCK_TIMEOUT),
                row("MySQL 1205 lock wait timeout (41000)", new SQLException("Lock wait timeout exceeded", "41000", 1205),
                        LOCK_TIMEOUT),
                row("MySQL Connector/J 1205 lock wait timeout (40001)", new SQLTransactionRollbackException(
                        "Lock wait timeout exceeded", "40001", 1205), LOCK_TIMEOUT),
                row("MariaDB 1213 deadlock", new SQLTransactionRollbackException(
                        "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213), DEADLOCK),
                row("MariaDB 1614 XA deadlock", new SQLTransactionRollbackException(
                        "Transaction branch was rolled back: deadlock was detected", "XA102", 1614), DEADLOCK),
                row("MariaDB 1020 record changed (snapshot isolation)", new SQLException(
                        "Record has changed since last read in table", "HY000", 1020), SERIALIZATION_FAILURE),
                row("MariaDB 1927 connection killed", new SQLTimeoutException("Connection was killed", "70100", 1927),
                        CONNECTION_LOST),
                row("MariaDB 08000 socket error", new SQLNonTransientConnectionException("Socket error", "08000", -1,
                        new EOFException()), CONNECTION_LOST),
                row("MariaDB connection exception without state", new SQLNonTransientConnectionException(
                        "Connection is closed"), CONNECTION_LOST),
                row("MariaDB transient connection exception", new SQLTransientConnectionException(
                        "Connection not available", "HY000", 0), CONNECTION_LOST),
                row("MySQL 2006 server has gone away", new SQLException("MySQL server has gone away", "HY000", 2006),
                        CONNECTION_LOST),
                row("MySQL 2013 lost connection during query", new SQLException("Lost connection to server during query",
                        "HY000", 2013), CONNECTION_LOST),
                row("MySQL Connector/J 08S01 communications link failure", new SQLException("Communications link failure",
                        "08S01", 0), CONNECTION_LOST),
                row("MariaDB 1317 query interrupted (KILL QUERY)", new SQLTimeoutException("Query execution was interrupted",
                        "70100", 1317), OTHER),
                row("MariaDB 1969 max_statement_time", new SQLTimeoutException("Query execution was interrupted "
                        + "(max_statement_time exceeded)", "70100", 1969), OTHER),
                row("MariaDB 1045 access denied", new SQLInvalidAuthorizationSpecException("Access denied", "28000", 1045),
                        OTHER),
                row("MariaDB 1045 access denied while connecting", new SQLNonTransientConnectionException("Access denied",
                        "28000", 1045), OTHER),
                // H2, through its own exception factory (vendor code = H2's error code)
                row("H2 23505 duplicate key", h2(ErrorCode.DUPLICATE_KEY_1), UNIQUE_VIOLATION),
                row("H2 50200 lock timeout (HYT00)", h2(ErrorCode.LOCK_TIMEOUT_1), LOCK_TIMEOUT),
                row("H2 40001 deadlock", h2(ErrorCode.DEADLOCK_1), DEADLOCK),
                row("H2 90131 concurrent update", h2(ErrorCode.CONCURRENT_UPDATE_1), SERIALIZATION_FAILURE),
                row("H2 90067 connection broken", h2(ErrorCode.CONNECTION_BROKEN_1), CONNECTION_LOST),
                row("H2 90098 database is closed", h2(ErrorCode.DATABASE_IS_CLOSED), CONNECTION_LOST),
                row("H2 90121 database called at shutdown", h2(ErrorCode.DATABASE_CALLED_AT_SHUTDOWN), CONNECTION_LOST),
                row("H2 57014 statement canceled", h2(ErrorCode.STATEMENT_WAS_CANCELED), OTHER),
                row("H2 23506 referential integrity", h2(ErrorCode.REFERENTIAL_INTEGRITY_VIOLATED_PARENT_MISSING_1), OTHER),
                row("H2 42102 table not found", h2(ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1), OTHER),
                row("H2 28000 wrong user or password", h2(ErrorCode.WRONG_USER_OR_PASSWORD), OTHER),
                // no SQLException at all
                row("an IOException without a SQLException", new UncheckedIOException(new SocketException("Broken pipe")),
                        CONNECTION_LOST),
                row("a plain runtime failure", new IllegalStateException("boom"), OTHER),
                row("no failure", null, OTHER));
    }

    @ParameterizedTest(name = "{0} is {2}")
    @MethodSource("failures")
    void a_driver_exception_is_classified_by_state_code_and_class(String what, Throwable failure, Failure expected) {
        assertThat(DatabaseErrors.classify(failure)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {2} under Jdbi and autotransfer wrappers")
    @MethodSource("failures")
    void wrappers_in_the_cause_chain_do_not_change_the_classification(String what, Throwable failure, Failure expected) {
        assertThat(DatabaseErrors.classify(new ConnectionException(failure))).isEqualTo(expected);
        assertThat(DatabaseErrors.classify(new AutoTransferJdbcException("claiming failed",
                new TransactionException("commit failed", failure)))).isEqualTo(expected);
    }

    @Test
    void a_sanitized_cause_keeps_the_state_and_code_so_classifies_alike() {
        Stream.of(postgres("23505", "dup"), postgres("55P03", "lock"), postgres("40P01", "deadlock"),
                postgres("40001", "serialize"), postgres("57P01", "terminating"),
                new SQLException("Lock wait timeout exceeded", "HY000", 1205),
                new SQLTransactionRollbackException("Deadlock found", "40001", 1213),
                new SQLTimeoutException("Connection was killed", "70100", 1927),
                h2(ErrorCode.LOCK_TIMEOUT_1), h2(ErrorCode.DEADLOCK_1), h2(ErrorCode.DATABASE_CALLED_AT_SHUTDOWN))
                .forEach(failure -> assertThat(DatabaseErrors.classify(DatabaseErrors.sanitized(failure)))
                        .as("%s", failure).isEqualTo(DatabaseErrors.classify(failure)));
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void lock_timeouts_deadlocks_serialization_failures_and_lost_connections_are_retryable(Failure failure) {
        boolean expected = EnumSet.of(LOCK_TIMEOUT, DEADLOCK, SERIALIZATION_FAILURE, CONNECTION_LOST).contains(failure);
        assertThat(DatabaseErrors.isRetryable(failure)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void only_a_lost_connection_may_have_committed(Failure failure) {
        assertThat(DatabaseErrors.isMaybeCommitted(failure)).isEqualTo(failure == CONNECTION_LOST);
    }

    private static Arguments row(String what, Throwable failure, Failure expected) {
        return Arguments.of(what, failure, expected);
    }

    /** A PostgreSQL server error as pgjdbc parses it from the wire (S severity, C code, M message). */
    private static PSQLException postgres(String state, String message) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0M" + message + "\0"));
    }

    private static SQLException h2(int errorCode) {
        return DbException.getJdbcSQLException(errorCode, null, "AT_SCHEDULE", "x");
    }

    private static BatchUpdateException batchWithNext(SQLException next) {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        batch.setNextException(next);
        return batch;
    }
}
