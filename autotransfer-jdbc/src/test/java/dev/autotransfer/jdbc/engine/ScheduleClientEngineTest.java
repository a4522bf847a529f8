package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.client.ScheduleEdit;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.jdbc.JdbcScheduleClient;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.util.List;

/** The schedule client against a running engine and the simulated bank's own record. */
class ScheduleClientEngineTest {

    private static final AuditContext OPS = AuditContext.of("ops", "198.51.100.20");

    private static JdbcScheduleClient client(EngineFixture f) {
        return JdbcScheduleClient.builder(f.db.appPool(40)).dialect(f.db.dialect()).clock(f.clock).build();
    }

    private static Schedule createDueToday(EngineFixture f, JdbcScheduleClient client, String reference) {
        return client.create(f.spec(reference, "BANK_A", 1_000).recurrence(Recurrence.monthly(TODAY, 25)).build(), OPS);
    }

    @DatabaseTest
    void a_paused_schedule_is_not_debited_and_a_resume_debits_it_without_waiting_for_the_park_interval(
            TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcScheduleClient client = client(f);
            Schedule s = createDueToday(f, client, "pause-resume");
            Schedule paused = client.pause(s.id(), s.version(), OPS);
            AutoTransferEngine engine = f.engine("node-1", c -> c.parkInterval(Duration.ofHours(1)));

            engine.runOnce();
            f.clock.advance(Duration.ofMinutes(1));
            engine.runOnce();

            assertThat(f.debits(s.id(), TODAY)).isEmpty();
            assertThat(f.bank.totalRequests()).isZero();
            assertThat(client.story(s.id(), TODAY).pendingWork()).hasValueSatisfying(p -> {
                assertThat(p.pendingReason()).isEqualTo("PAUSED");
                assertThat(p.notBefore()).isAfter(f.clock.instant());
            });

            client.resume(s.id(), paused.version(), OPS);
            engine.runOnce();

            List<ExecutedDebit> debits = f.debits(s.id(), TODAY);
            assertThat(debits).hasSize(1);
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
            assertThat(client.story(s.id(), TODAY).attempts().get(0).externalTransactionId())
                    .contains(debits.get(0).externalTransactionId());
        }
    }

    @DatabaseTest
    void a_cancelled_schedule_without_an_open_attempt_ends_cancelled_and_is_never_debited(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcScheduleClient client = client(f);
            Schedule paused = createDueToday(f, client, "pause-cancel");
            Schedule notYetDue = client.create(f.spec("cancel-future", "BANK_A", 2_000)
                    .recurrence(Recurrence.monthly(TODAY.plusDays(1), 26)).build(), OPS);
            AutoTransferEngine engine = f.engine("node-1", c -> c.parkInterval(Duration.ofHours(1)));
            Schedule p = client.pause(paused.id(), 0, OPS);
            engine.runOnce();

            client.cancel(paused.id(), p.version(), OPS);
            client.cancel(notYetDue.id(), 0, OPS);
            engine.runOnce();

            assertThat(f.events(paused.id(), TODAY)).containsExactly("CANCELLED");
            assertThat(f.events(notYetDue.id(), TODAY.plusDays(1))).containsExactly("CANCELLED");
            assertThat(f.debits(paused.id(), TODAY)).isEmpty();
            assertThat(f.bank.totalRequests()).isZero();
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item")).isZero();
            OccurrenceStory story = client.story(paused.id(), TODAY);
            assertThat(story.pendingWork()).isEmpty();
            assertThat(story.attempts()).singleElement().satisfies(a -> {
                assertThat(a.types()).containsExactly(EventType.CANCELLED);
                assertThat(a.key()).as("never sent: no prefix").isEqualTo(paused.id() + ":" + TODAY + ":1");
            });
        }
    }

    @DatabaseTest
    void an_amount_edit_applies_to_the_next_new_attempt_while_an_open_one_replays_its_request(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcScheduleClient client = client(f);
            Schedule s = createDueToday(f, client, "edit-open");
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.TIMEOUT_BEFORE_EXECUTING);
            AutoTransferEngine engine = f.engine("node-1");
            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");

            client.edit(s.id(), 0, ScheduleEdit.builder().amount(dev.autotransfer.bank.Money.krw(9_999)).build(), OPS);
            f.clock.advance(Duration.ofMinutes(10));
            engine.runOnce();

            assertThat(f.debits(s.id(), TODAY)).singleElement()
                    .satisfies(d -> assertThat(d.amount().minorUnits()).isEqualTo(1_000));
        }
    }

    @DatabaseTest
    void the_story_of_an_occurrence_reads_back_attempt_by_attempt_with_the_banks_id(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcScheduleClient client = client(f);
            Schedule s = createDueToday(f, client, "story");
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.TIMEOUT_AFTER_EXECUTING);
            AutoTransferEngine engine = f.engine("node-1");
            engine.runOnce();

            OccurrenceStory open = client.story(s.id(), TODAY);
            assertThat(open.attempts()).singleElement().satisfies(a ->
                    assertThat(a.types()).containsExactly(EventType.STARTED, EventType.UNKNOWN));
            assertThat(open.pendingWork()).hasValueSatisfying(p -> {
                assertThat(p.pendingReason()).isEqualTo("UNKNOWN");
                assertThat(p.notBefore()).isAfter(f.clock.instant());
            });

            f.clock.advance(Duration.ofMinutes(10));
            engine.runOnce();

            OccurrenceStory story = client.story(s.id(), TODAY);
            ExecutedDebit debit = f.debits(s.id(), TODAY).get(0);
            assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            assertThat(story.attempts()).hasSize(1);
            OccurrenceStory.Attempt attempt = story.attempts().get(0);
            assertThat(attempt.number()).isEqualTo(1);
            assertThat(attempt.key()).isEqualTo(f.key(s.id(), TODAY, 1));
            assertThat(attempt.types()).containsExactly(EventType.STARTED, EventType.UNKNOWN, EventType.SUCCEEDED);
            assertThat(attempt.externalTransactionId()).contains(debit.externalTransactionId());
            assertThat(attempt.request()).hasValueSatisfying(r -> {
                assertThat(r.idempotencyKey()).isEqualTo(debit.idempotencyKey());
                assertThat(r.amount()).isEqualTo(s.spec().amount());
            });
            assertThat(attempt.events()).extracting(e -> e.occurredAt()).isSorted();
            assertThat(attempt.events().get(1).occurredAt()).isBefore(attempt.events().get(2).occurredAt());
            assertThat(story.pendingWork()).isEmpty();
            assertThat(story.deadLetters()).isEmpty();
            assertThat(story.toString()).contains("SUCCEEDED").contains(debit.externalTransactionId())
                    .doesNotContain(s.spec().source().accountNumber());
        }
    }

    @DatabaseTest
    void the_story_shows_a_dead_letter_entry(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcScheduleClient client = client(f);
            Schedule s = createDueToday(f, client, "story-dead");
            f.bank.closeAccount(s.spec().source());
            AutoTransferEngine engine = f.engine("node-1");
            engine.runOnce();

            OccurrenceStory story = client.story(s.id(), TODAY);
            assertThat(story.events()).extracting(e -> e.type()).contains(EventType.FAILED, EventType.DEAD_LETTERED);
            assertThat(story.deadLetters()).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo("EXHAUSTED");
                assertThat(d.status()).isEqualTo("OPEN");
                assertThat(d.key()).isEqualTo(f.key(s.id(), TODAY, 1));
            });
        }
    }
}
