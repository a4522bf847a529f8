package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Two engines with eight workers each over one database: every due occurrence debited exactly once. */
class EngineConcurrencyTest {

    private static final int SCHEDULES = 10_000;

    @DatabaseTest(dialects = {Dialect.POSTGRESQL, Dialect.MARIADB})
    void two_engines_with_eight_workers_execute_ten_thousand_schedules_once_each(TestDatabase db) throws Exception {
        try (EngineFixture f = new EngineFixture(db)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> registrations = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int slice = t;
                    registrations.add(pool.submit(() -> {
                        for (int i = slice; i < SCHEDULES; i += 8) {
                            f.monthly("bulk-" + i, EngineFixture.BANKS.get(i % 3), 1_000 + i % 100);
                        }
                    }));
                }
                for (Future<?> registration : registrations) {
                    registration.get();
                }
                // all in one pass: without the rollout's first stage, which allows 10,000 in 10 minutes
                // at most (EngineRolloutTest covers the cap under concurrency)
                AutoTransferEngine one = f.engine("node-1", c -> c.workerThreads(8).rollout(RolloutPolicy.disabled()));
                AutoTransferEngine two = f.engine("node-2", c -> c.workerThreads(8).rollout(RolloutPolicy.disabled()));

                long start = System.nanoTime();
                Future<RunReport> first = pool.submit(one::runOnce);
                Future<RunReport> second = pool.submit(two::runOnce);
                RunReport a = first.get();
                RunReport b = second.get();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s: %d schedules by two engines x 8 workers in %.1f s (%.0f/s); node-1 %d, node-2 %d%n",
                        db.dialect(), SCHEDULES, seconds, SCHEDULES / seconds, a.succeeded(), b.succeeded());

                assertThat(a.succeeded() + b.succeeded()).as("succeeded by %s and %s", a, b).isEqualTo(SCHEDULES);
                assertThat(a.succeeded()).as("both engines took part").isPositive();
                assertThat(b.succeeded()).as("both engines took part").isPositive();
                assertThat(f.bank.executedDebits()).hasSize(SCHEDULES);
                assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
                assertThat(f.bank.debitsByOccurrence()).hasSize(SCHEDULES);
                assertThat(f.bank.debitsByOccurrence().keySet()).allMatch(k -> k.endsWith(":" + TODAY));
                assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'SUCCEEDED'"))
                        .isEqualTo(SCHEDULES);
                assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'STARTED'"))
                        .as("no attempt opened twice").isEqualTo(SCHEDULES);
                assertThat(f.count("SELECT COUNT(*) FROM at_schedule WHERE next_due_date = DATE '2026-12-25'"))
                        .isEqualTo(SCHEDULES);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
