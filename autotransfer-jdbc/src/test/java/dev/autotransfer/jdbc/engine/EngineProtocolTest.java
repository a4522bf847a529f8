package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The execution protocol end to end on each database, one scenario per test, each checked against
 * the simulated bank's own record of what it executed, not only against history.
 */
class EngineProtocolTest {

    private static final LocalDate DECEMBER = LocalDate.of(2026, 12, 25);

    @DatabaseTest
    void due_schedules_are_debited_once_and_move_to_their_next_month(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                created.add(f.monthly("happy-" + i, EngineFixture.BANKS.get(i % 3), 10_000 + i));
            }
            Schedule notYetDue = f.create(f.spec("later", "BANK_A", 5_000)
                    .recurrence(dev.autotransfer.domain.Recurrence.monthly(TODAY, 26)).build());
            AutoTransferEngine engine = f.engine("node-1");

            RunReport report = engine.runOnce();

            assertThat(report.succeeded()).isEqualTo(25);
            assertThat(report.started()).isEqualTo(25);
            for (Schedule s : created) {
                List<ExecutedDebit> debits = f.debits(s.id(), TODAY);
                assertThat(debits).as("bank's record for schedule %d", s.id()).hasSize(1);
                assertThat(debits.get(0).amount()).isEqualTo(s.spec().amount());
                assertThat(debits.get(0).idempotencyKey()).isEqualTo(f.key(s.id(), TODAY, 1));
                assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
                assertThat(f.nextDueDate(s.id())).isEqualTo(DECEMBER);
            }
            assertThat(f.debits(notYetDue.id(), LocalDate.of(2026, 11, 26))).isEmpty();
            assertThat(f.bank.executedDebits()).hasSize(25);
            // the next occurrences have their work items, not yet due; the one due tomorrow is untouched
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item")).isEqualTo(26);
            assertThat(f.count("SELECT COUNT(*) FROM at_schedule WHERE last_executed_at IS NOT NULL")).isEqualTo(25);

            RunReport again = engine.runOnce();
            assertThat(again.claimed()).isZero();
            assertThat(f.bank.executedDebits()).hasSize(25);
        }
    }

    @DatabaseTest
    void a_definitive_failure_is_retried_under_a_new_key_after_the_backoff(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.create(f.spec("retry", "BANK_A", 20_000_000)
                    .recurrence(dev.autotransfer.domain.Recurrence.monthly(TODAY, 25)).build());
            AutoTransferEngine engine = f.engine("node-1");

            engine.runOnce();
            assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "FAILED 1");
            assertThat(f.debits(s.id(), TODAY)).isEmpty();
            assertThat(engine.runOnce().claimed()).as("waits for its backoff").isZero();

            f.bank.deposit(s.spec().source(), Money.krw(20_000_000));
            f.clock.advance(Duration.ofMinutes(1));
            engine.runOnce();

            assertThat(f.eventsWithAttempts(s.id(), TODAY))
                    .containsExactly("STARTED 1", "FAILED 1", "STARTED 2", "SUCCEEDED 2");
            assertThat(f.debits(s.id(), TODAY)).extracting(ExecutedDebit::idempotencyKey)
                    .containsExactly(f.key(s.id(), TODAY, 2));
            assertThat(f.nextDueDate(s.id())).isEqualTo(DECEMBER);
        }
    }

    @DatabaseTest
    void past_the_retry_limit_the_occurrence_is_dead_lettered_and_the_schedule_moves_on(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.create(f.spec("dead", "BANK_A", 20_000_000)
                    .recurrence(dev.autotransfer.domain.Recurrence.monthly(TODAY, 25)).build());
            AutoTransferEngine engine = f.engine("node-1", c -> c.retryLimit(Priority.P1, 3));

            for (int i = 0; i < 5; i++) {
                engine.runOnce();
                f.clock.advance(Duration.ofMinutes(10));
            }

            assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "FAILED 1", "STARTED 2",
                    "FAILED 2", "STARTED 3", "FAILED 3", "DEAD_LETTERED 3");
            assertThat(f.debits(s.id(), TODAY)).isEmpty();
            assertThat(f.count("SELECT COUNT(*) FROM at_dead_letter WHERE kind = 'EXHAUSTED' AND status = 'OPEN' "
                    + "AND code = 'INSUFFICIENT_FUNDS' AND schedule_id = " + s.id())).isEqualTo(1);
            assertThat(f.nextDueDate(s.id())).isEqualTo(DECEMBER);
            assertThat(f.alarmKinds()).contains(Alarm.Kind.DEAD_LETTERED);
            assertThat(f.bank.requestsReceived(f.key(s.id(), TODAY, 4))).isZero();
        }
    }

    @DatabaseTest
    void a_closed_account_is_dead_lettered_at_once(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("closed", "BANK_B", 1_000);
            f.bank.closeAccount(s.spec().source());

            f.engine("node-1").runOnce();

            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "FAILED", "DEAD_LETTERED");
            assertThat(f.count("SELECT COUNT(*) FROM at_dead_letter WHERE code = 'ACCOUNT_CLOSED'")).isEqualTo(1);
        }
    }

    @DatabaseTest
    void a_timeout_after_executing_is_resolved_by_inquiry_without_a_second_debit(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("timeout", "BANK_A", 30_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.TIMEOUT_AFTER_EXECUTING);
            AutoTransferEngine engine = f.engine("node-1");

            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            assertThat(f.debits(s.id(), TODAY)).hasSize(1);

            f.clock.advance(Duration.ofSeconds(30));
            RunReport report = engine.runOnce();

            assertThat(report.inquired()).isEqualTo(1);
            assertThat(report.resent()).isZero();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "SUCCEEDED");
            String key = f.key(s.id(), TODAY, 1);
            assertThat(f.bank.requestsReceived(key)).isEqualTo(1);
            assertThat(f.bank.executionCount(key)).isEqualTo(1);
            assertThat(f.debits(s.id(), TODAY)).hasSize(1);
        }
    }

    @DatabaseTest
    void not_found_leads_to_the_same_key_again_and_the_late_original_does_not_debit_twice(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("late", "BANK_C", 40_000);
            f.bank.scriptNextTransfer("BANK_C", ScriptedFault.LATE_ARRIVAL);
            AutoTransferEngine engine = f.engine("node-1");

            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            f.clock.advance(Duration.ofSeconds(30));
            RunReport report = engine.runOnce();

            assertThat(report.inquired()).isEqualTo(1);
            assertThat(report.resent()).isEqualTo(1);
            assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "UNKNOWN 1", "SUCCEEDED 1");
            assertThat(f.bank.deliverAllLateRequests()).isEqualTo(1);
            String key = f.key(s.id(), TODAY, 1);
            assertThat(f.bank.requestsReceived(key)).isEqualTo(2);
            assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }

    @DatabaseTest
    void a_resend_after_an_edit_replays_the_recorded_request(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("edited", "BANK_A", 50_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.TIMEOUT_BEFORE_EXECUTING);
            AutoTransferEngine engine = f.engine("node-1");
            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");

            f.sql("UPDATE at_schedule SET amount_minor = 99000, memo = 'edited', version = version + 1 WHERE id = "
                    + s.id());
            f.clock.advance(Duration.ofSeconds(30));
            engine.runOnce();

            List<ExecutedDebit> debits = f.debits(s.id(), TODAY);
            assertThat(debits).hasSize(1);
            assertThat(debits.get(0).amount()).as("the recorded request, not the edited schedule")
                    .isEqualTo(Money.krw(50_000));
            assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "UNKNOWN 1", "SUCCEEDED 1");
        }
    }

    @DatabaseTest
    void an_edit_before_the_attempt_opens_is_what_the_new_attempt_sends(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("edit-first", "BANK_A", 50_000);
            f.sql("UPDATE at_schedule SET amount_minor = 70000, version = version + 1 WHERE id = " + s.id());

            f.engine("node-1").runOnce();

            assertThat(f.debits(s.id(), TODAY)).extracting(ExecutedDebit::amount).containsExactly(Money.krw(70_000));
        }
    }

    @DatabaseTest
    void pause_and_cancel_leave_open_attempts_to_be_resolved_and_end_the_others(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule pausedOpen = f.monthly("paused-open", "BANK_A", 1_000);
            Schedule cancelledOpen = f.monthly("cancelled-open", "BANK_A", 2_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.TIMEOUT_AFTER_EXECUTING,
                    ScriptedFault.TIMEOUT_BEFORE_EXECUTING);
            AutoTransferEngine engine = f.engine("node-1");
            engine.runOnce();
            assertThat(f.events(pausedOpen.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            assertThat(f.events(cancelledOpen.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            Schedule pausedIdle = f.monthly("paused-idle", "BANK_B", 3_000);
            Schedule cancelledIdle = f.monthly("cancelled-idle", "BANK_B", 4_000);
            f.sql("UPDATE at_schedule SET status = 'PAUSED', version = version + 1 WHERE id IN ("
                    + pausedOpen.id() + ", " + pausedIdle.id() + ")");
            f.sql("UPDATE at_schedule SET status = 'CANCELLED', version = version + 1 WHERE id IN ("
                    + cancelledOpen.id() + ", " + cancelledIdle.id() + ")");

            f.clock.advance(Duration.ofSeconds(30));
            engine.runOnce();

            assertThat(f.events(pausedOpen.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "SUCCEEDED");
            assertThat(f.debits(pausedOpen.id(), TODAY)).hasSize(1);
            // the lost request was re-sent under its key: money already asked for is resolved, not dropped
            assertThat(f.events(cancelledOpen.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "SUCCEEDED");
            assertThat(f.debits(cancelledOpen.id(), TODAY)).hasSize(1);
            assertThat(f.events(pausedIdle.id(), TODAY)).isEmpty();
            assertThat(f.events(cancelledIdle.id(), TODAY)).containsExactly("CANCELLED");
            assertThat(f.debits(pausedIdle.id(), TODAY)).isEmpty();
            assertThat(f.debits(cancelledIdle.id(), TODAY)).isEmpty();
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE schedule_id = " + pausedIdle.id()
                    + " AND pending_reason = 'PAUSED'")).isEqualTo(1);

            // resumed before its period ends: the paused occurrence runs late, once
            f.sql("UPDATE at_schedule SET status = 'ACTIVE', version = version + 1 WHERE id = " + pausedIdle.id());
            f.clock.advance(Duration.ofHours(1));
            engine.runOnce();
            assertThat(f.debits(pausedIdle.id(), TODAY)).hasSize(1);
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }

    @DatabaseTest
    void a_key_reused_answer_is_unknown_with_an_alarm_and_the_same_key_resolves_it(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("key-reused", "BANK_B", 9_000);
            java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
            AutoTransferEngine engine = f.engine("node-1", c -> { }, w -> w.wrapClients(client ->
                    new dev.autotransfer.bank.BankClient() {
                        @Override
                        public dev.autotransfer.bank.TransferOutcome transfer(dev.autotransfer.bank.TransferRequest r) {
                            // a gateway that claims the key was used with another body, without passing it on
                            if (answered.compareAndSet(false, true)) {
                                return new dev.autotransfer.bank.TransferOutcome.Unknown(
                                        dev.autotransfer.bank.UnknownReason.KEY_REUSED_WITH_OTHER_BODY, "reused");
                            }
                            return client.transfer(r);
                        }

                        @Override
                        public dev.autotransfer.bank.InquiryResult inquire(String key) {
                            return client.inquire(key);
                        }

                        @Override
                        public dev.autotransfer.bank.BankTerms terms() {
                            return client.terms();
                        }
                    }));

            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'UNKNOWN' "
                    + "AND code = 'KEY_REUSED_WITH_OTHER_BODY' AND schedule_id = " + s.id())).isEqualTo(1);
            assertThat(f.alarmKinds()).contains(Alarm.Kind.KEY_REUSED);
            assertThat(f.debits(s.id(), TODAY)).isEmpty();

            f.clock.advance(Duration.ofSeconds(30));
            engine.runOnce();

            assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "UNKNOWN 1", "SUCCEEDED 1");
            assertThat(f.debits(s.id(), TODAY)).extracting(ExecutedDebit::idempotencyKey)
                    .containsExactly(f.key(s.id(), TODAY, 1));
        }
    }
}
