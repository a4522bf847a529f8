package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.domain.Schedule;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A user's load signal holds the engine's claiming workers back, and lets them work again. */
class BackpressureTest {

    @DatabaseTest
    void a_strained_load_signal_halves_the_claiming_workers_and_a_calm_one_adds_them_back(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                created.add(f.monthly("load-" + i, EngineFixture.BANKS.get(i % 3), 1_000 + i));
            }
            AtomicReference<Double> databaseCpu = new AtomicReference<>(1.2);
            AutoTransferEngine engine = f.engine("node-1", c -> c.workerThreads(4).chunkSize(5),
                    w -> w.loadSignal(databaseCpu::get));

            engine.runOnce();
            int strained = engine.activeWorkers();
            databaseCpu.set(0.4);
            for (int i = 0; i < 60; i++) {
                f.monthly("calm-" + i, EngineFixture.BANKS.get(i % 3), 5_000 + i);
            }
            engine.runOnce();

            assertThat(strained).isEqualTo(1);
            assertThat(engine.activeWorkers()).isGreaterThan(strained);
            for (Schedule s : created) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
            assertThat(f.bank.executedDebits()).hasSize(180);
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }
}
