package dev.autotransfer.memory;

import dev.autotransfer.spi.RunStore;
import dev.autotransfer.testkit.RunStoreContractTest;

/** The in-memory run store keeps the run store contract. */
class InMemoryRunStoreContractTest extends RunStoreContractTest {

    @Override
    protected RunStore runStore() {
        return InMemoryRunStore.create();
    }
}
