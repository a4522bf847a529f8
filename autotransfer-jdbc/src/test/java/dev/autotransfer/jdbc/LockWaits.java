package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Tells when another session waits for a row lock of a table, by asking the database (not by
 * sleeping), so a test can release the lock exactly while the other side waits.
 */
final class LockWaits {

    private LockWaits() {
    }

    /**
     * Blocks until some session waits for a lock {@code holder} holds on a row of {@code table};
     * false if none did within the timeout. One query per round, so the loop does not spin hot.
     */
    static boolean awaitWaiterOn(TestDatabase db, Handle holder, String table, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String holderId = switch (db.dialect()) {
            case H2 -> holder.createQuery("SELECT CAST(SESSION_ID() AS VARCHAR)").mapTo(String.class).one();
            case POSTGRESQL -> holder.createQuery("SELECT CAST(pg_backend_pid() AS VARCHAR)").mapTo(String.class).one();
            case MARIADB -> null;
        };
        // the owner may see every session's locks
        try (Handle observer = db.jdbi().open()) {
            while (System.nanoTime() < deadline) {
                if (waiting(db, observer, holderId, table)) {
                    return true;
                }
                Thread.onSpinWait();
            }
        }
        return false;
    }

    private static boolean waiting(TestDatabase db, Handle observer, String holderId, String table) {
        return switch (db.dialect()) {
            case H2 -> observer.createQuery(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE CAST(BLOCKER_ID AS VARCHAR) = :holder")
                    .bind("holder", holderId).mapTo(Long.class).one() > 0;
            case POSTGRESQL -> observer.createQuery(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE CAST(:holder AS INT) = ANY(pg_blocking_pids(pid))")
                    .bind("holder", holderId).mapTo(Long.class).one() > 0;
            // information_schema.INNODB_LOCK_WAITS is a cache that a reader polling faster than every
            // 100 ms never refreshes; the InnoDB monitor is computed on each call. The database name is
            // unique to the test, so a wait on its table is this test's.
            case MARIADB -> Pattern.compile("TRX HAS BEEN WAITING [^\\n]*\\n[^\\n]* of table `"
                    + Pattern.quote(db.name()) + "`\\.`" + Pattern.quote(table) + "`")
                    .matcher(observer.createQuery("SHOW ENGINE INNODB STATUS")
                            .map((rs, ctx) -> rs.getString("Status")).one())
                    .find();
        };
    }
}
