package dev.autotransfer.jdbc.contract;

import dev.autotransfer.client.AuditContext;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.JdbcScheduleClient;
import dev.autotransfer.jdbc.JdbcTransferStore;
import dev.autotransfer.jdbc.engine.FlakyDataSource;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.TransferStore;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.testkit.ScheduleCreator;
import dev.autotransfer.testkit.StoreFaults;
import dev.autotransfer.testkit.TransferStoreContractTest;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The JDBC transfer store under the store contract kit, one subclass per database (H2, PostgreSQL,
 * MariaDB), each reported as a suite of its own; a lost commit is a connection that drops while
 * committing (SQLState 08006), after the commit took effect or before.
 */
abstract class JdbcTransferStoreContract extends TransferStoreContractTest {

    /** The database this run of the kit is on. */
    abstract Dialect dialect();

    private final DatabasePerTest databases = new DatabasePerTest();
    private FlakyDataSource flaky;
    private JdbcTransferStore transfers;
    private static final AuditContext CREATOR = AuditContext.of("contract-kit");

    private JdbcScheduleClient schedules;

    @BeforeEach
    void installStores() {
        TestDatabase db = databases.take(dialect());
        flaky = new FlakyDataSource(db.appPool(20), dialect());
        transfers = JdbcTransferStore.builder(flaky).dialect(dialect()).build();
        schedules = JdbcScheduleClient.builder(db.appPool(20)).dialect(dialect()).build();
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
    protected ScheduleCreator schedules() {
        return new ScheduleCreator() {
            @Override
            public Schedule create(ScheduleSpec spec) {
                return schedules.create(spec, CREATOR);
            }

            @Override
            public Optional<Schedule> find(long id) {
                return schedules.find(id);
            }

            @Override
            public Optional<Schedule> findByClientReference(String clientReference) {
                return schedules.findByClientReference(clientReference);
            }
        };
    }

    @Override
    protected StoreFaults faults() {
        return takeEffect -> flaky.loseNextCommits(1, takeEffect);
    }
}
