package dev.autotransfer.jdbc.contract;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.JdbcRunStore;
import dev.autotransfer.spi.RunStore;
import dev.autotransfer.testkit.RunStoreContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The JDBC run store keeps the run store contract on H2, PostgreSQL and MariaDB. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Dialect.class)
class JdbcRunStoreContractTest extends RunStoreContractTest {

    @Parameter
    Dialect dialect;

    private final DatabasePerTest databases = new DatabasePerTest();
    private JdbcRunStore store;

    @BeforeEach
    void installStore() {
        store = JdbcRunStore.builder(databases.take(dialect).appPool(20)).dialect(dialect).build();
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
