package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.AutoTransferException;
import dev.autotransfer.DeadLetterStateException;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.BankConfirmation;
import dev.autotransfer.client.DeadLetter;
import dev.autotransfer.client.DeadLetterQuery;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.jdbc.JdbcDeadLetterClient;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A requeue of a dead letter never debits twice: checked against the simulated bank's own record. */
class DeadLetterRequeueTest {

    static final AuditContext OPS = AuditContext.of("ops@desk", "198.51.100.20");
    static final LocalDate DECEMBER = LocalDate.of(2026, 12, 25);

    static JdbcDeadLetterClient client(EngineFixture f) {
        return JdbcDeadLetterClient.builder(f.db.appPool(40)).dialect(f.db.dialect()).clock(f.clock).build();
    }

    /** A schedule whose amount exceeds its account's funds, due today, P1. */
    static Schedule unfunded(EngineFixture f, String reference) {
        return f.create(f.spec(reference, "BANK_A", 20_000_000).recurrence(Recurrence.monthly(TODAY, 25)).build());
    }

    static DeadLetter onlyEntry(JdbcDeadLetterClient client, Schedule s) {
        List<DeadLetter> entries = client.list(DeadLetterQuery.all(100)).stream()
                .filter(d -> d.scheduleId() == s.id()).toList();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    @DatabaseTest
    void an_exhausted_dead_letter_requeued_after_a_deposit_is_debited_once_under_a_new_key(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = unfunded(f, "requeue-exhausted");
            AutoTransferEngine engine = f.engine("node-1", c -> c.retryLimit(Priority.P1, 2));
            for (int i = 0; i < 3; i++) {
                engine.runOnce();
                f.clock.advance(Duration.ofMinutes(10));
            }
            assertThat(f.eventsWithAttempts(s.id(), TODAY))
                    .containsExactly("STARTED 1", "FAILED 1", "STARTED 2", "FAILED 2", "DEAD_LETTERED 2");
            assertThat(f.nextDueDate(s.id())).isEqualTo(DECEMBER);
            DeadLetter entry = onlyEntry(client, s);
            assertThat(entry.kind()).isEqualTo(DeadLetter.Kind.EXHAUSTED);
            assertThat(entry.code()).isEqualTo("INSUFFICIENT_FUNDS");

            f.bank.deposit(s.spec().source(), Money.krw(20_000_000));
            DeadLetter requeued = client.requeue(entry.id(), entry.version(), OPS);
            engine.runOnce();

            assertThat(requeued.status()).isEqualTo(DeadLetter.Status.REQUEUED);
            assertThat(requeued.version()).isEqualTo(entry.version() + 1);
            List<ExecutedDebit> debits = f.debits(s.id(), TODAY);
            assertThat(debits).singleElement().satisfies(d -> {
                assertThat(d.idempotencyKey()).isEqualTo(f.key(s.id(), TODAY, 3));
                assertThat(d.amount()).isEqualTo(Money.krw(20_000_000));
            });
            assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "FAILED 1", "STARTED 2",
                    "FAILED 2", "DEAD_LETTERED 2", "REQUEUED 3", "STARTED 3", "SUCCEEDED 3");
            assertThat(f.bank.requestsReceived(f.key(s.id(), TODAY, 2))).isEqualTo(1);
            assertThat(f.nextDueDate(s.id())).as("the schedule is not moved backwards").isEqualTo(DECEMBER);
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE schedule_id = " + s.id()
                    + " AND nominal_date = DATE '" + TODAY + "'")).isZero();
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }

    @DatabaseTest
    void of_two_concurrent_requeues_of_one_entry_exactly_one_wins_and_the_bank_debits_once(TestDatabase db)
            throws Exception {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcDeadLetterClient client = client(f);
            AutoTransferEngine engine = f.engine("node-1", c -> c.retryLimit(Priority.P1, 1));
            List<Schedule> schedules = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                schedules.add(unfunded(f, "race-" + i));
            }
            engine.runOnce();
            for (Schedule s : schedules) {
                f.bank.deposit(s.spec().source(), Money.krw(20_000_000));
            }

            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (Schedule s : schedules) {
                    DeadLetter entry = onlyEntry(client, s);
                    CyclicBarrier start = new CyclicBarrier(2);
                    List<Future<DeadLetter>> racers = new ArrayList<>();
                    for (int r = 0; r < 2; r++) {
                        racers.add(pool.submit(() -> {
                            start.await(30, TimeUnit.SECONDS);
                            return client.requeue(entry.id(), entry.version(), OPS);
                        }));
                    }
                    int won = 0;
                    for (Future<DeadLetter> racer : racers) {
                        try {
                            racer.get(60, TimeUnit.SECONDS);
                            won++;
                        } catch (java.util.concurrent.ExecutionException e) {
                            assertThat(e.getCause()).isInstanceOf(AutoTransferException.class)
                                    .hasMessageContaining("dead letter " + entry.id());
                        }
                    }
                    assertThat(won).as("requeues that won for " + s.spec().clientReference()).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
            engine.runOnce();

            for (Schedule s : schedules) {
                assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "FAILED 1",
                        "DEAD_LETTERED 1", "REQUEUED 2", "STARTED 2", "SUCCEEDED 2");
                assertThat(f.debits(s.id(), TODAY)).singleElement()
                        .satisfies(d -> assertThat(d.idempotencyKey()).isEqualTo(f.key(s.id(), TODAY, 2)));
                assertThat(f.count("SELECT COUNT(*) FROM at_audit_log WHERE action = 'REQUEUE' AND entity_id = '"
                        + onlyEntry(client, s).id() + "'")).isEqualTo(1);
            }
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }

    @DatabaseTest
    void an_unresolved_entry_is_requeued_only_after_the_banks_confirmation_and_is_debited_once(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db, b -> b.keyRetention(Duration.ofMinutes(30)))) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = f.monthly("unresolved", "BANK_A", 3_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.LATE_ARRIVAL_IN_PROGRESS);
            AutoTransferEngine engine = f.engine("node-1");
            engine.runOnce();
            f.clock.advance(Duration.ofHours(1));
            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "DEAD_LETTERED");
            DeadLetter entry = onlyEntry(client, s);
            assertThat(entry.kind()).isEqualTo(DeadLetter.Kind.UNRESOLVED);
            assertThat(client.inspect(entry.id()).whyNotRequeue()).hasValueSatisfying(why ->
                    assertThat(why).contains("unknown").contains("confirmNotExecuted"));

            assertThatThrownBy(() -> client.requeue(entry.id(), entry.version(), OPS))
                    .isInstanceOf(DeadLetterStateException.class)
                    .hasMessageContaining("confirmNotExecuted");
            assertThat(f.events(s.id(), TODAY)).as("a refused requeue writes nothing")
                    .containsExactly("STARTED", "UNKNOWN", "DEAD_LETTERED");
            assertThat(client.find(entry.id()).orElseThrow().version()).isEqualTo(entry.version());
            assertThat(f.count("SELECT COUNT(*) FROM at_audit_log WHERE action <> 'CREATE'")).isZero();

            long inquiriesBefore = f.bank.totalInquiries();
            DeadLetter confirmed = client.confirmNotExecuted(entry.id(), entry.version(),
                    new BankConfirmation("BANK_A-OPS-7731", "no debit on the statement of " + TODAY), OPS);
            assertThat(confirmed.status()).isEqualTo(DeadLetter.Status.CONFIRMED_NOT_EXECUTED);
            assertThat(f.bank.totalInquiries()).as("the client never asks the bank").isEqualTo(inquiriesBefore);
            assertThat(f.eventsWithAttempts(s.id(), TODAY))
                    .containsExactly("STARTED 1", "UNKNOWN 1", "DEAD_LETTERED 1", "FAILED 1");
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'FAILED' AND code = "
                    + "'CONFIRMED_NOT_EXECUTED' AND detail LIKE '%BANK_A-OPS-7731%' AND schedule_id = " + s.id()))
                    .isEqualTo(1);

            client.requeue(entry.id(), confirmed.version(), OPS);
            engine.runOnce();

            assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "UNKNOWN 1",
                    "DEAD_LETTERED 1", "FAILED 1", "REQUEUED 2", "STARTED 2", "SUCCEEDED 2");
            assertThat(f.debits(s.id(), TODAY)).singleElement()
                    .satisfies(d -> assertThat(d.idempotencyKey()).isEqualTo(f.key(s.id(), TODAY, 2)));
            // the first key's request arrives after all: the bank refuses it as older than its retention
            f.bank.deliverAllLateRequests();
            assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            assertThat(f.nextDueDate(s.id())).isEqualTo(DECEMBER);
        }
    }

    @DatabaseTest
    void a_wrong_confirmation_is_recorded_as_given_so_the_runbook_asks_the_bank_first(
            TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db, b -> b.keyRetention(Duration.ofMinutes(30)))) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = f.monthly("executed-unseen", "BANK_A", 4_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.LATE_ARRIVAL_IN_PROGRESS);
            AutoTransferEngine engine = f.engine("node-1", c -> c.inquiryBackoff(Duration.ofMinutes(25),
                    Duration.ofMinutes(25)));
            engine.runOnce();
            f.clock.advance(Duration.ofMinutes(20));
            f.bank.deliverAllLateRequests();
            f.clock.advance(Duration.ofMinutes(20));
            engine.runOnce();
            String key = f.key(s.id(), TODAY, 1);
            assertThat(f.debits(s.id(), TODAY)).as("the bank executed the first key").hasSize(1);
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "DEAD_LETTERED");

            DeadLetter entry = onlyEntry(client, s);
            assertThat(client.inspect(entry.id()).canRequeue()).isFalse();
            // the runbook's first step: ask the bank about the key; here it tells the truth
            InquiryResult asked = f.bank.client("BANK_A").inquire(key);
            assertThat(asked).isInstanceOf(InquiryResult.Executed.class);

            // a person who skipped that step is recorded as given: the client cannot tell by itself
            long inquiriesBefore = f.bank.totalInquiries();
            DeadLetter confirmed = client.confirmNotExecuted(entry.id(), entry.version(),
                    BankConfirmation.of("WRONG-CHECK-1"), OPS);
            assertThat(confirmed.status()).isEqualTo(DeadLetter.Status.CONFIRMED_NOT_EXECUTED);
            assertThat(f.bank.totalInquiries()).isEqualTo(inquiriesBefore);
            assertThat(client.inspect(entry.id()).canRequeue()).isTrue();
        }
    }

    @DatabaseTest
    void a_key_that_succeeded_after_escalation_cannot_be_confirmed_nor_requeued_and_is_resolved(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db, b -> b.keyRetention(Duration.ofMinutes(30)))) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = f.monthly("late-success", "BANK_A", 5_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.LATE_ARRIVAL_IN_PROGRESS);
            AutoTransferEngine engine = f.engine("node-1");
            engine.runOnce();
            f.clock.advance(Duration.ofHours(1));
            engine.runOnce();
            DeadLetter entry = onlyEntry(client, s);
            // a stale node whose call returned late records the bank's success after the escalation
            f.db.appJdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO at_history (schedule_id, nominal_date, attempt, idempotency_key, event_type,
                        occurred_at, external_transaction_id)
                    VALUES (:id, :date, 1, :key, 'SUCCEEDED', :at, 'BANKA-TX-1')""")
                    .bind("id", s.id()).bind("date", TODAY).bind("key", entry.idempotencyKey())
                    .bind("at", f.clock.instant()).execute());

            assertThatThrownBy(() -> client.confirmNotExecuted(entry.id(), entry.version(),
                    BankConfirmation.of("OPS-1"), OPS))
                    .isInstanceOf(DeadLetterStateException.class)
                    .hasMessageContaining("SUCCEEDED").hasMessageContaining("BANKA-TX-1")
                    .hasMessageContaining("resolve");
            assertThatThrownBy(() -> client.requeue(entry.id(), entry.version(), OPS))
                    .isInstanceOf(DeadLetterStateException.class).hasMessageContaining("SUCCEEDED");
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "DEAD_LETTERED", "SUCCEEDED");

            DeadLetter resolved = client.resolve(entry.id(), entry.version(), "bank executed it: BANKA-TX-1", OPS);

            assertThat(resolved.status()).isEqualTo(DeadLetter.Status.RESOLVED);
            assertThat(resolved.resolvedBy()).isEqualTo("ops@desk");
            assertThat(f.events(s.id(), TODAY)).as("resolve writes no history")
                    .containsExactly("STARTED", "UNKNOWN", "DEAD_LETTERED", "SUCCEEDED");
            assertThat(f.bank.totalRequests()).isEqualTo(1);
        }
    }
}
