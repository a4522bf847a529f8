package dev.autotransfer.memory;

import dev.autotransfer.spi.TransferStore;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.testkit.ScheduleCreator;
import dev.autotransfer.testkit.StoreFaults;
import dev.autotransfer.testkit.TransferStoreContractTest;
import java.util.Optional;

/** The in-memory transfer store keeps the store contract, lost commits included. */
class InMemoryTransferStoreContractTest extends TransferStoreContractTest {

    private final InMemoryTransferStore store = InMemoryTransferStore.create();

    @Override
    protected TransferStore transferStore() {
        return store;
    }

    @Override
    protected ScheduleCreator schedules() {
        InMemorySchedules schedules = store.schedules();
        return new ScheduleCreator() {
            @Override
            public Schedule create(ScheduleSpec spec) {
                return schedules.create(spec);
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
        return takeEffect -> store.loseNextCommits(1, takeEffect);
    }
}
