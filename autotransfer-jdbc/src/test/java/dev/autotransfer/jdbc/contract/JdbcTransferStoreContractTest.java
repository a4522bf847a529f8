package dev.autotransfer.jdbc.contract;

import dev.autotransfer.jdbc.Dialect;
import dev.autotransfer.jdbc.JdbcScheduleStore;
import dev.autotransfer.jdbc.JdbcTransferStore;
import dev.autotransfer.jdbc.engine.FlakyDataSource;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.ScheduleStore;
import dev.autotransfer.spi.TransferStore;
import dev.autotransfer.testkit.StoreFaults;
import dev.autotransfer.testkit.TransferStoreContractTest;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC transfer store keeps the store contract on H2, PostgreSQL and MariaDB; a lost commit is a
 * connection that drops while committing (SQLState 08006), after the commit took effect or before.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Dialect.class)
class JdbcTransferStoreContractTest extends TransferStoreContractTest {

    @Parameter
    Dialect dialect;

    private final DatabasePerTest databases = new DatabasePerTest();
    private FlakyDataSource flaky;
    private JdbcTransferStore transfers;
    private JdbcScheduleStore schedules;

    @BeforeEach
    void installStores() {
        TestDatabase db = databases.take(dialect);
        flaky = new FlakyDataSource(db.appPool(20), dialect);
        transfers = JdbcTransferStore.builder(flaky).dialect(dialect).build();
        schedules = JdbcScheduleStore.builder(db.appPool(20)).dialect(dialect).build();
    }

    @AfterEach
    void dropDatabase() {
        databases.close();
    }

    @Override
    protected TransferStore transferStore() {
        return transfers;
    }

    @Override
    protected ScheduleStore scheduleStore() {
        return schedules;
    }

    @Override
    protected Optional<StoreFaults> faults() {
        return Optional.of(takeEffect -> flaky.loseNextCommits(1, takeEffect));
    }
}
