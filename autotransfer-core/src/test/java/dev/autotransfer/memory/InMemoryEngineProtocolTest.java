package dev.autotransfer.memory;

import static dev.autotransfer.memory.MemoryEngineFixture.DECEMBER;
import static dev.autotransfer.memory.MemoryEngineFixture.TODAY;
import static dev.autotransfer.memory.MemoryEngineFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.spi.TransferStore.DeadLetterKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The execution protocol end to end on the in-memory stores, each scenario checked against the
 * simulated bank's own record of what it executed: the jdbc module's protocol tests without a
 * database, in milliseconds.
 */
class InMemoryEngineProtocolTest {

    @Test
    void due_schedules_are_debited_once_and_move_to_their_next_month() {
        try (MemoryEngineFixture f = new MemoryEngineFixture()) {
            List<Schedule> created = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                created.add(f.monthly("happy-" + i, MemoryEngineFixture.BANKS.get(i % 3), 10_000 + i));
            }
            AutoTransferEngine engine = f.engine("node-1");

            RunReport report = engine.runOnce();

            assertThat(report.started()).isEqualTo(25);
            assertThat(report.succeeded()).isEqualTo(25);
            for (Schedule s : created) {
                List<ExecutedDebit> debits = f.debits(s, TODAY);
                assertThat(debits).as("bank's record for schedule %d", s.id()).hasSize(1);
                assertThat(debits.get(0).amount()).isEqualTo(s.spec().amount());
                assertThat(debits.get(0).idempotencyKey()).isEqualTo(key(s, TODAY, 1));
                assertThat(f.events(s, TODAY)).containsExactly("STARTED", "SUCCEEDED");
                assertThat(f.nextDueDate(s)).isEqualTo(DECEMBER);
                assertThat(f.transfers.hasWorkItem(new Occurrence(s.id(), DECEMBER))).isTrue();
            }
            assertThat(engine.runOnce().claimed()).isZero();
            assertThat(f.bank.executedDebits()).hasSize(25);
        }
    }

    @Test
    void a_definitive_failure_is_retried_under_a_new_key_after_the_backoff() {
        try (MemoryEngineFixture f = new MemoryEngineFixture()) {
            Schedule s = f.monthly("retry", "BANK_A", 20_000_000);
            AutoTransferEngine engine = f.engine("node-1");

            engine.runOnce();
            assertThat(f.eventsWithAttempts(s, TODAY)).containsExactly("STARTED 1", "FAILED 1");
            assertThat(engine.runOnce().claimed()).as("waits for its backoff").isZero();

            f.bank.deposit(s.spec().source(), Money.krw(20_000_000));
            f.clock.advance(Duration.ofMinutes(1));
            engine.runOnce();

            assertThat(f.eventsWithAttempts(s, TODAY))
                    .containsExactly("STARTED 1", "FAILED 1", "STARTED 2", "SUCCEEDED 2");
            assertThat(f.debits(s, TODAY)).extracting(ExecutedDebit::idempotencyKey)
                    .containsExactly(key(s, TODAY, 2));
            assertThat(f.nextDueDate(s)).isEqualTo(DECEMBER);
        }
    }

    @Test
    void past_the_retry_limit_the_occurrence_is_dead_lettered_and_the_schedule_moves_on() {
        try (MemoryEngineFixture f = new MemoryEngineFixture()) {
            Schedule s = f.monthly("dead", "BANK_A", 20_000_000);
            AutoTransferEngine engine = f.engine("node-1", c -> c.retryLimit(Priority.P1, 3));

            for (int i = 0; i < 5; i++) {
                engine.runOnce();
                f.clock.advance(Duration.ofMinutes(10));
            }

            assertThat(f.eventsWithAttempts(s, TODAY)).containsExactly("STARTED 1", "FAILED 1", "STARTED 2",
                    "FAILED 2", "STARTED 3", "FAILED 3", "DEAD_LETTERED 3");
            assertThat(f.transfers.deadLetters()).singleElement().satisfies(entry -> {
                assertThat(entry.kind()).isEqualTo(DeadLetterKind.EXHAUSTED);
                assertThat(entry.code()).isEqualTo("INSUFFICIENT_FUNDS");
                assertThat(entry.bankKey()).isEqualTo(key(s, TODAY, 3));
            });
            assertThat(f.debits(s, TODAY)).isEmpty();
            assertThat(f.nextDueDate(s)).isEqualTo(DECEMBER);
            assertThat(f.bank.requestsReceived(key(s, TODAY, 4))).isZero();
        }
    }

    @Test
    void a_timeout_after_executing_is_resolved_by_inquiry_without_a_second_debit() {
        try (MemoryEngineFixture f = new MemoryEngineFixture()) {
            Schedule s = f.monthly("timeout", "BANK_A", 30_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.TIMEOUT_AFTER_EXECUTING);
            AutoTransferEngine engine = f.engine("node-1");

            engine.runOnce();
            assertThat(f.events(s, TODAY)).containsExactly("STARTED", "UNKNOWN");
            assertThat(f.transfers.hasWorkItem(new Occurrence(s.id(), TODAY))).as("the attempt stays open").isTrue();

            f.clock.advance(Duration.ofSeconds(30));
            RunReport report = engine.runOnce();

            assertThat(report.inquired()).isEqualTo(1);
            assertThat(report.resent()).isZero();
            assertThat(f.events(s, TODAY)).containsExactly("STARTED", "UNKNOWN", "SUCCEEDED");
            assertThat(f.bank.requestsReceived(key(s, TODAY, 1))).isEqualTo(1);
            assertThat(f.debits(s, TODAY)).hasSize(1);
        }
    }

    @Test
    void not_found_leads_to_the_same_key_again_and_the_late_original_does_not_debit_twice() {
        try (MemoryEngineFixture f = new MemoryEngineFixture()) {
            Schedule s = f.monthly("late", "BANK_C", 40_000);
            f.bank.scriptNextTransfer("BANK_C", ScriptedFault.LATE_ARRIVAL);
            AutoTransferEngine engine = f.engine("node-1");

            engine.runOnce();
            f.clock.advance(Duration.ofSeconds(30));
            RunReport report = engine.runOnce();

            assertThat(report.inquired()).isEqualTo(1);
            assertThat(report.resent()).isEqualTo(1);
            assertThat(f.eventsWithAttempts(s, TODAY)).containsExactly("STARTED 1", "UNKNOWN 1", "SUCCEEDED 1");
            assertThat(f.bank.deliverAllLateRequests()).isEqualTo(1);
            assertThat(f.bank.requestsReceived(key(s, TODAY, 1))).isEqualTo(2);
            assertThat(f.debits(s, TODAY)).hasSize(1);
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }
}
