package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Priorities as the bank sees them: P0 work is claimed and executed first, and P2 work is never
 * starved by a P0 backlog.
 */
class EnginePriorityTest {

    /** One claimed chunk, as the listener reported it. */
    record Chunk(String bank, Priority priority, int count) {
    }

    @DatabaseTest
    void p0_work_registered_after_a_p2_backlog_is_claimed_and_executed_first(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> p2 = register(f, "low", Priority.P2, 30);
            List<Schedule> p0 = register(f, "urgent", Priority.P0, 5);
            List<Chunk> chunks = new CopyOnWriteArrayList<>();
            AutoTransferEngine engine = f.engine("node-1", c -> c.chunkSize(5).workerThreads(1),
                    w -> w.listener(recording(chunks)));

            engine.runOnce();

            assertThat(chunks).first().isEqualTo(new Chunk("BANK_C", Priority.P0, 5));
            assertThat(chunks).filteredOn(c -> c.priority() == Priority.P2).extracting(Chunk::count)
                    .containsExactly(5, 5, 5, 5, 5, 5);
            List<String> firstExecuted = f.bank.executedDebits().subList(0, 5).stream()
                    .map(ExecutedDebit::idempotencyKey).toList();
            assertThat(firstExecuted).containsExactlyInAnyOrderElementsOf(
                    p0.stream().map(s -> f.key(s.id(), TODAY, 1)).toList());
            for (Schedule s : p2) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
            assertThat(f.bank.executedDebits()).hasSize(35);
        }
    }

    @DatabaseTest
    void p2_work_is_claimed_before_a_p0_backlog_is_drained(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            register(f, "backlog", Priority.P0, 40);
            List<Schedule> p2 = register(f, "patient", Priority.P2, 5);
            List<Chunk> chunks = new CopyOnWriteArrayList<>();
            AutoTransferEngine engine = f.engine("node-1", c -> c.chunkSize(5).workerThreads(1),
                    w -> w.listener(recording(chunks)));

            engine.runOnce();

            List<Priority> order = chunks.stream().map(Chunk::priority).toList();
            assertThat(order).hasSize(9).first().isEqualTo(Priority.P0);
            assertThat(order.indexOf(Priority.P2)).as("P2 gets its turn within the first round")
                    .isLessThan(order.lastIndexOf(Priority.P0));
            for (Schedule s : p2) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
            assertThat(f.bank.executedDebits()).hasSize(45);
        }
    }

    private static List<Schedule> register(EngineFixture f, String prefix, Priority priority, int n) {
        List<Schedule> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            created.add(f.create(f.spec(prefix + "-" + i, "BANK_C", 1_000 + i).priority(priority)
                    .recurrence(Recurrence.monthly(TODAY, 25)).build()));
        }
        return created;
    }

    private static EngineListener recording(List<Chunk> chunks) {
        return new EngineListener() {
            @Override
            public void claimed(String bankCode, Priority priority, int count) {
                chunks.add(new Chunk(bankCode, priority, count));
            }
        };
    }
}
