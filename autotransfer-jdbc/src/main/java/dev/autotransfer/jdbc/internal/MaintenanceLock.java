package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;

/**
 * The lock that serializes schema installation and partition upkeep of one schema across nodes.
 * Not API.
 *
 * <p>PostgreSQL: a transaction-scoped advisory lock (released by the caller's commit or
 * rollback). MariaDB: a named session lock, released by {@link #release} after the commit. H2 is
 * embedded in one JVM and fails on concurrent DDL: a JVM-wide lock. Thread-safe.
 */
public final class MaintenanceLock {

    private static final ReentrantLock H2_LOCK = new ReentrantLock();

    private MaintenanceLock() {
    }

    /** Takes the lock on the handle's connection; the handle must be inside a transaction. */
    public static void acquire(Handle handle, Dialect dialect) {
        if (dialect == Dialect.H2) {
            H2_LOCK.lock();
            return;
        }
        String result = null;
        for (String sql : SqlScript.load(dialect, "maintenance_lock.sql", Map.of()).statements()) {
            result = runOne(handle, sql);
        }
        if (dialect == Dialect.MARIADB && !"1".equals(result)) {
            throw new AutoTransferJdbcException("another node held the autotransfer maintenance lock"
                    + " for 30 s (GET_LOCK returned " + result + ")");
        }
    }

    /**
     * Releases a lock taken by {@link #acquire}, after the transaction ended; on PostgreSQL the
     * transaction's end did it. Harmless when the lock was not taken.
     */
    public static void release(Handle handle, Dialect dialect) {
        if (dialect == Dialect.H2 && H2_LOCK.isHeldByCurrentThread()) {
            H2_LOCK.unlock();
        } else if (dialect == Dialect.MARIADB) {
            for (String sql : SqlScript.load(dialect, "maintenance_unlock.sql", Map.of()).statements()) {
                runOne(handle, sql);
            }
        }
    }

    private static String runOne(Handle handle, String sql) {
        if (sql.regionMatches(true, 0, "SELECT", 0, 6)) {
            return handle.createQuery(sql).mapTo(String.class).one();
        }
        handle.execute(sql);
        return null;
    }
}
