package dev.autotransfer.jdbc.contract;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.testing.DatabaseServers;
import dev.autotransfer.jdbc.testing.PreparedDatabases;
import dev.autotransfer.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh installed database of one dialect for one contract test, with the skip and CI rules of
 * {@code @DatabaseTest} (the contract kit is plain JUnit, so its JDBC subclasses are parameterised by
 * dialect instead). Not thread-safe; one per test instance.
 */
final class DatabasePerTest implements AutoCloseable {

    private TestDatabase database;

    /** The database of the dialect; aborts the test when the server is not available and CI is not set. */
    TestDatabase take(Dialect dialect) {
        String skipReason = DatabaseServers.skipReason(dialect);
        Assumptions.assumeTrue(skipReason == null, skipReason);
        database = PreparedDatabases.take(dialect, DatabaseServers.baseUrl(dialect), true);
        return database;
    }

    @Override
    public void close() {
        if (database != null) {
            PreparedDatabases.release(database);
            database = null;
        }
    }
}
