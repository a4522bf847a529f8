package dev.autotransfer.memory;

import dev.autotransfer.spi.ScheduleStore;
import dev.autotransfer.spi.TransferStore;
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
    protected ScheduleStore scheduleStore() {
        return store.scheduleStore();
    }

    @Override
    protected Optional<StoreFaults> faults() {
        return Optional.of(takeEffect -> store.loseNextCommits(1, takeEffect));
    }
}
