package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs maintenance work in one transaction under the {@link MaintenanceLock}, translating Jdbi
 * failures into {@link AutoTransferJdbcException}. Not API. Stateless.
 */
public final class Transactions {

    private Transactions() {
    }

    /** Runs {@code work} in a transaction holding the maintenance lock; {@code what} names it in errors. */
    public static <T> T underMaintenanceLock(Jdbi jdbi, Dialect dialect, String what, Function<Handle, T> work) {
        try {
            // the lock is released only after the commit, so the next holder sees everything
            return jdbi.withHandle(handle -> {
                try {
                    return handle.inTransaction(h -> {
                        MaintenanceLock.acquire(h, dialect);
                        return work.apply(h);
                    });
                } finally {
                    MaintenanceLock.release(handle, dialect);
                }
            });
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in a READ COMMITTED transaction. PostgreSQL and H2 run at READ COMMITTED
     * by default, so only MariaDB/MySQL (REPEATABLE READ by default) pays for switching the level;
     * on PostgreSQL a switch would cost a query to read the current level and two statements.
     */
    public static <T, X extends Exception> T readCommitted(Jdbi jdbi, Dialect dialect, HandleCallback<T, X> work)
            throws X {
        return dialect == Dialect.MARIADB
                ? jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work)
                : jdbi.inTransaction(work);
    }

    /** Runs a read in its own handle, translating failures. */
    public static <T> T read(Jdbi jdbi, String what, Function<Handle, T> work) {
        try {
            return jdbi.withHandle(work::apply);
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException(what + " failed: " + e.getMessage(), e);
        }
    }
}
