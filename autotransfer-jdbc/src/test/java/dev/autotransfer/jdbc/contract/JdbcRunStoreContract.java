package dev.autotransfer.jdbc.contract;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.JdbcRunStore;
import dev.autotransfer.spi.RunStore;
import dev.autotransfer.testkit.RunStoreContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The JDBC run store under the run store contract kit, one subclass per database (H2, PostgreSQL, MariaDB). */
abstract class JdbcRunStoreContract extends RunStoreContractTest {

    /** The database this run of the kit is on. */
    abstract Dialect dialect();

    private final DatabasePerTest databases = new DatabasePerTest();
    private JdbcRunStore store;

    @BeforeEach
    void installStore() {
        store = JdbcRunStore.builder(databases.take(dialect()).appPool(20)).dialect(dialect()).build();
    }

    @AfterEach
    void dropDatabase() {
        databases.close();
    }

    @Override
    protected RunStore runStore() {
        return store;
    }
}
