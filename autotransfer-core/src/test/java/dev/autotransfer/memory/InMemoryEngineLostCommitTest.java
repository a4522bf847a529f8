package dev.autotransfer.memory;

import static dev.autotransfer.memory.MemoryEngineFixture.DECEMBER;
import static dev.autotransfer.memory.MemoryEngineFixture.TODAY;
import static dev.autotransfer.memory.MemoryEngineFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.event.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The engine when the store cannot tell whether a commit took effect, on the in-memory store (which
 * answers a lost commit as the JDBC store does): an attempt is never opened twice and never sent
 * before its STARTED is known to be stored.
 */
class InMemoryEngineLostCommitTest {

    @Test
    void a_lost_commit_of_the_started_rows_sends_nothing_until_a_fresh_read_finds_them() {
        try (MemoryEngineFixture f = new MemoryEngineFixture()) {
            List<Schedule> created = monthly(f, "lost-open", 5);
            // the first commit is the one that claims the chunk and writes its STARTED rows
            f.transfers.loseNextCommits(1, true);

            RunReport report = f.engine("node-1").runOnce();

            // the rows were written but the engine could not know: it released the claim, read again
            // and re-sent each open attempt under its own key
            assertThat(report.started()).isZero();
            assertThat(report.resent()).isEqualTo(5);
            for (Schedule s : created) {
                assertThat(f.bank.requestsReceived(key(s, TODAY, 1))).isEqualTo(1);
                assertThat(f.debits(s, TODAY)).hasSize(1);
                assertThat(f.eventsWithAttempts(s, TODAY)).containsExactly("STARTED 1", "SUCCEEDED 1");
                assertThat(f.nextDueDate(s)).isEqualTo(DECEMBER);
            }
        }
    }

    @Test
    void a_commit_of_the_started_rows_that_never_arrived_is_written_again_before_any_call() {
        try (MemoryEngineFixture f = new MemoryEngineFixture()) {
            List<Schedule> created = monthly(f, "unsent-open", 5);
            f.transfers.loseNextCommits(1, false);

            RunReport report = f.engine("node-1").runOnce();

            assertThat(report.started()).isEqualTo(5);
            for (Schedule s : created) {
                assertThat(f.debits(s, TODAY)).hasSize(1);
                assertThat(f.eventsWithAttempts(s, TODAY)).containsExactly("STARTED 1", "SUCCEEDED 1");
            }
        }
    }

    @Test
    void a_lost_commit_of_the_outcomes_records_each_once_and_moves_each_schedule_once() {
        try (MemoryEngineFixture f = new MemoryEngineFixture()) {
            List<Schedule> created = monthly(f, "lost-outcome", 5);
            // the claim and its STARTED rows commit; the first write after a bank call loses its commit
            AtomicBoolean armed = new AtomicBoolean();
            var engine = f.engine("node-1", c -> { }, new EngineListener() {
                @Override
                public void attemptStarted(AttemptKey key, TransferRequest request) {
                    if (armed.compareAndSet(false, true)) {
                        f.transfers.loseNextCommits(1, true);
                    }
                }
            });
            engine.runOnce();

            assertThat(armed).isTrue();
            for (Schedule s : created) {
                assertThat(f.debits(s, TODAY)).hasSize(1);
                assertThat(f.eventsWithAttempts(s, TODAY)).containsExactly("STARTED 1", "SUCCEEDED 1");
                assertThat(f.nextDueDate(s)).isEqualTo(DECEMBER);
            }
            assertThat(engine.runOnce().claimed()).isZero();
        }
    }

    private static List<Schedule> monthly(MemoryEngineFixture f, String prefix, int count) {
        List<Schedule> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // P0 at BANK_A: the engine's first claim is theirs, so the first commit is the one that opens them
            created.add(f.transfers.schedules().create(f.spec(prefix + "-" + i, "BANK_A", 10_000 + i)
                    .priority(Priority.P0).build()));
        }
        return created;
    }
}
