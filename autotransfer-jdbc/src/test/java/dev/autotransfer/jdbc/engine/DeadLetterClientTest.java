package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.DeadLetterRequeueTest.OPS;
import static dev.autotransfer.jdbc.engine.DeadLetterRequeueTest.client;
import static dev.autotransfer.jdbc.engine.DeadLetterRequeueTest.onlyEntry;
import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.DeadLetterStateException;
import dev.autotransfer.DeadLetterVersionConflictException;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.client.BankConfirmation;
import dev.autotransfer.client.DeadLetter;
import dev.autotransfer.client.DeadLetterInspection;
import dev.autotransfer.client.DeadLetterQuery;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.jdbc.JdbcDeadLetterClient;
import dev.autotransfer.jdbc.JdbcScheduleClient;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The dead-letter client's operations, rules and audit entries, on entries the engine wrote. */
class DeadLetterClientTest {

    /** Schedules at BANK_B whose source accounts are closed: each dead-letters at once (EXHAUSTED). */
    private static List<Schedule> closedAccounts(EngineFixture f, int count) {
        List<Schedule> schedules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Schedule s = f.monthly("closed-" + i, "BANK_B", 1_000 + i);
            f.bank.closeAccount(s.spec().source());
            schedules.add(s);
        }
        f.engine("node-1").runOnce();
        return schedules;
    }

    /** The audit entries after the fixture's own: the CREATE of each schedule it set up. */
    private static List<Map<String, Object>> audit(EngineFixture f) {
        return f.db.appJdbi().withHandle(h -> h.createQuery("""
                SELECT actor, client_ip, entity_type, entity_id, action, before_json, after_json
                FROM at_audit_log WHERE action <> 'CREATE' ORDER BY seq""").map((rs, ctx) -> {
                    Map<String, Object> row = new java.util.HashMap<>();
                    for (String column : List.of("actor", "client_ip", "entity_type", "entity_id", "action",
                            "before_json", "after_json")) {
                        row.put(column, rs.getString(column));
                    }
                    return row;
                }).list());
    }

    @DatabaseTest
    void lists_entries_newest_first_by_status_and_kind_in_pages(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcDeadLetterClient client = client(f);
            List<Schedule> schedules = closedAccounts(f, 5);
            List<DeadLetter> all = client.list(DeadLetterQuery.all(100));
            assertThat(all).hasSize(5).extracting(DeadLetter::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(all).allSatisfy(d -> {
                assertThat(d.kind()).isEqualTo(DeadLetter.Kind.EXHAUSTED);
                assertThat(d.status()).isEqualTo(DeadLetter.Status.OPEN);
                assertThat(d.code()).isEqualTo("ACCOUNT_CLOSED");
                assertThat(d.idempotencyKey()).isEqualTo(f.keyPrefix + d.key().format());
            });

            DeadLetterQuery firstPage = DeadLetterQuery.open(2);
            List<DeadLetter> page1 = client.list(firstPage);
            List<DeadLetter> page2 = client.list(firstPage.after(page1.get(1).id()));
            List<DeadLetter> page3 = client.list(firstPage.after(page2.get(1).id()));
            assertThat(page1).extracting(DeadLetter::id).containsExactly(all.get(0).id(), all.get(1).id());
            assertThat(page2).extracting(DeadLetter::id).containsExactly(all.get(2).id(), all.get(3).id());
            assertThat(page3).extracting(DeadLetter::id).containsExactly(all.get(4).id());
            assertThat(client.list(firstPage.after(page3.get(0).id()))).isEmpty();

            DeadLetter requeued = client.requeue(all.get(2).id(), 0, OPS);
            assertThat(client.list(DeadLetterQuery.open(100))).hasSize(4).doesNotContain(all.get(2));
            assertThat(client.list(new DeadLetterQuery(DeadLetter.Status.REQUEUED, null, 10, null)))
                    .containsExactly(requeued);
            assertThat(client.list(DeadLetterQuery.all(10).ofKind(DeadLetter.Kind.UNRESOLVED))).isEmpty();
            assertThat(client.list(DeadLetterQuery.all(10).ofKind(DeadLetter.Kind.EXHAUSTED))).hasSize(5);
            assertThat(schedules).hasSize(5);
        }
    }

    @DatabaseTest
    void inspect_shows_the_entry_with_its_occurrences_story(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = closedAccounts(f, 1).get(0);
            DeadLetter entry = onlyEntry(client, s);

            DeadLetterInspection inspection = client.inspect(entry.id());

            assertThat(inspection.entry()).isEqualTo(entry);
            assertThat(inspection.canRequeue()).isTrue();
            assertThat(inspection.story().occurrence()).isEqualTo(entry.occurrence());
            assertThat(inspection.story().attempts()).singleElement().satisfies(a -> assertThat(a.types())
                    .containsExactly(EventType.STARTED, EventType.FAILED, EventType.DEAD_LETTERED));
            assertThat(inspection.story().deadLetters()).singleElement()
                    .satisfies(d -> assertThat(d.status()).isEqualTo("OPEN"));
            assertThat(inspection.story().pendingWork()).isEmpty();
        }
    }

    @DatabaseTest
    void a_requeue_writes_its_event_work_item_status_and_audit_entry_in_one_change(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = closedAccounts(f, 1).get(0);
            DeadLetter entry = onlyEntry(client, s);
            f.clock.advance(Duration.ofMinutes(5));
            Instant now = f.clock.instant();

            DeadLetter after = client.requeue(entry.id(), 0, OPS);

            assertThat(after.status()).isEqualTo(DeadLetter.Status.REQUEUED);
            assertThat(after.version()).isEqualTo(1);
            assertThat(after.resolvedBy()).isEqualTo("ops@desk");
            assertThat(after.resolvedAt()).isEqualTo(now);
            assertThat(client.find(entry.id())).contains(after);
            assertThat(f.eventsWithAttempts(s.id(), TODAY)).endsWith("DEAD_LETTERED 1", "REQUEUED 2");
            var story = client.inspect(entry.id()).story();
            assertThat(story.pendingWork()).hasValueSatisfying(p -> {
                assertThat(p.kind()).isEqualTo("REQUEUED");
                assertThat(p.notBefore()).isEqualTo(now);
                assertThat(p.leasedUntil()).isNull();
            });
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE kind = 'REQUEUED' AND bank_code = 'BANK_B' "
                    + "AND priority = 1 AND schedule_id = " + s.id())).isEqualTo(1);
            assertThat(audit(f)).singleElement().satisfies(row -> {
                assertThat(row.get("actor")).isEqualTo("ops@desk");
                assertThat(row.get("client_ip")).isEqualTo("198.51.100.20");
                assertThat(row.get("entity_type")).isEqualTo("DEAD_LETTER");
                assertThat(row.get("entity_id")).isEqualTo(Long.toString(entry.id()));
                assertThat(row.get("action")).isEqualTo("REQUEUE");
                assertThat((String) row.get("before_json")).contains("\"status\":\"OPEN\"").contains("\"version\":0");
                assertThat((String) row.get("after_json")).contains("\"status\":\"REQUEUED\"")
                        .contains("\"version\":1");
            });

            // the account is still closed: the new attempt fails and gets an entry of its own
            f.engine("node-2").runOnce();
            assertThat(f.eventsWithAttempts(s.id(), TODAY)).endsWith("REQUEUED 2", "STARTED 2", "FAILED 2",
                    "DEAD_LETTERED 2");
            assertThat(client.list(DeadLetterQuery.open(10))).singleElement()
                    .satisfies(d -> assertThat(d.attempt()).isEqualTo(2));
            assertThat(f.debits(s.id(), TODAY)).isEmpty();
        }
    }

    @DatabaseTest
    void a_stale_version_or_a_second_requeue_is_refused_and_writes_nothing(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = closedAccounts(f, 1).get(0);
            DeadLetter entry = onlyEntry(client, s);

            assertThatThrownBy(() -> client.requeue(entry.id(), 3, OPS))
                    .isInstanceOfSatisfying(DeadLetterVersionConflictException.class, e -> {
                        assertThat(e.expectedVersion()).isEqualTo(3);
                        assertThat(e.actualVersion()).isZero();
                    })
                    .hasMessageContaining("version 0").hasMessageContaining("expected version 3");
            client.requeue(entry.id(), 0, OPS);
            List<String> events = f.events(s.id(), TODAY);

            assertThatThrownBy(() -> client.requeue(entry.id(), 0, OPS))
                    .isInstanceOf(DeadLetterVersionConflictException.class);
            assertThatThrownBy(() -> client.requeue(entry.id(), 1, OPS))
                    .isInstanceOf(DeadLetterStateException.class).hasMessageContaining("REQUEUED");
            assertThatThrownBy(() -> client.resolve(entry.id(), 1, "done", OPS))
                    .isInstanceOf(DeadLetterStateException.class).hasMessageContaining("REQUEUED");
            assertThatThrownBy(() -> client.confirmNotExecuted(entry.id(), 1, BankConfirmation.of("X-1"), OPS))
                    .isInstanceOf(DeadLetterStateException.class).hasMessageContaining("EXHAUSTED");

            assertThat(f.events(s.id(), TODAY)).isEqualTo(events);
            assertThat(f.count("SELECT COUNT(*) FROM at_audit_log WHERE action <> 'CREATE'")).isEqualTo(1);
            assertThat(client.find(entry.id()).orElseThrow().version()).isEqualTo(1);
        }
    }

    @DatabaseTest
    void a_requeue_takes_over_a_work_item_left_with_a_stale_lease(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = closedAccounts(f, 1).get(0);
            DeadLetter entry = onlyEntry(client, s);
            f.db.appJdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO at_work_item (schedule_id, nominal_date, bank_code, priority, kind, not_before,
                        lease_until, lease_token, lease_owner, claim_count, created_at, updated_at)
                    VALUES (:id, :date, 'BANK_B', 1, 'CURRENT', :at, :lease, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
                        'stale-node', 1, :at, :at)""")
                    .bind("id", s.id()).bind("date", TODAY).bind("at", f.clock.instant())
                    .bind("lease", f.clock.instant().plus(Duration.ofMinutes(30))).execute());

            client.requeue(entry.id(), 0, OPS);

            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE schedule_id = " + s.id()
                    + " AND kind = 'REQUEUED' AND lease_token IS NULL AND lease_owner IS NULL")).isEqualTo(1);
            assertThat(client.inspect(entry.id()).story().pendingWork()).hasValueSatisfying(p -> {
                assertThat(p.notBefore()).isEqualTo(f.clock.instant());
                assertThat(p.leasedUntil()).isNull();
            });
            f.engine("node-2").runOnce();
            assertThat(f.eventsWithAttempts(s.id(), TODAY)).endsWith("REQUEUED 2", "STARTED 2", "FAILED 2",
                    "DEAD_LETTERED 2");
        }
    }

    @DatabaseTest
    void a_cancelled_schedules_entry_is_not_requeued_but_can_be_resolved(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = closedAccounts(f, 1).get(0);
            DeadLetter entry = onlyEntry(client, s);
            JdbcScheduleClient schedules = JdbcScheduleClient.builder(f.db.appPool(40)).dialect(f.db.dialect())
                    .clock(f.clock).build();
            schedules.cancel(s.id(), f.schedules.find(s.id()).orElseThrow().version(), OPS);

            assertThat(client.inspect(entry.id()).whyNotRequeue()).hasValueSatisfying(why ->
                    assertThat(why).contains("CANCELLED"));
            assertThatThrownBy(() -> client.requeue(entry.id(), 0, OPS))
                    .isInstanceOf(DeadLetterStateException.class).hasMessageContaining("CANCELLED");
            DeadLetter resolved = client.resolve(entry.id(), 0, "customer informed by phone", OPS);

            assertThat(resolved.status()).isEqualTo(DeadLetter.Status.RESOLVED);
            assertThat(audit(f)).last().satisfies(row -> {
                assertThat(row.get("action")).isEqualTo("RESOLVE");
                assertThat((String) row.get("after_json")).contains("customer informed by phone");
            });
        }
    }

    @DatabaseTest
    void an_unresolved_entry_confirmed_twice_is_refused_the_second_time(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db, b -> b.keyRetention(Duration.ofMinutes(30)))) {
            JdbcDeadLetterClient client = client(f);
            Schedule s = f.monthly("confirm-twice", "BANK_A", 3_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.LATE_ARRIVAL_IN_PROGRESS);
            f.engine("node-1").runOnce();
            f.clock.advance(Duration.ofHours(1));
            f.engine("node-2").runOnce();
            DeadLetter entry = onlyEntry(client, s);

            DeadLetter confirmed = client.confirmNotExecuted(entry.id(), 0, BankConfirmation.of("CASE-1"), OPS);
            assertThatThrownBy(() -> client.confirmNotExecuted(entry.id(), 1, BankConfirmation.of("CASE-2"), OPS))
                    .isInstanceOf(DeadLetterStateException.class).hasMessageContaining("CONFIRMED_NOT_EXECUTED");

            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'FAILED' AND schedule_id = "
                    + s.id())).isEqualTo(1);
            assertThat(audit(f)).singleElement().satisfies(row -> {
                assertThat(row.get("action")).isEqualTo("CONFIRM_NOT_EXECUTED");
                assertThat((String) row.get("after_json")).contains("CASE-1").contains("CONFIRMED_NOT_EXECUTED");
            });
            assertThat(confirmed.version()).isEqualTo(1);
            assertThat(f.debits(s.id(), TODAY)).isEmpty();
        }
    }

    @DatabaseTest
    void bad_input_names_the_field_and_the_value(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcDeadLetterClient client = client(f);

            assertThatThrownBy(() -> client.requeue(0, 0, OPS)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("deadLetterId must be at least 1, was 0");
            assertThatThrownBy(() -> client.requeue(5, -1, OPS)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expectedVersion must be at least 0, was -1");
            assertThatThrownBy(() -> client.requeue(987_654, 0, OPS)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("deadLetterId 987654 does not exist");
            assertThatThrownBy(() -> client.inspect(987_654)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("deadLetterId 987654 does not exist");
            assertThat(client.find(987_654)).isEmpty();
            assertThatThrownBy(() -> DeadLetterQuery.all(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("limit must be 1..1000, was 0");
            assertThatThrownBy(() -> DeadLetterQuery.all(10).after(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("afterId must be at least 1 or null, was 0");
            assertThatThrownBy(() -> BankConfirmation.of(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bankReference").hasMessageContaining("' '");
            assertThatThrownBy(() -> new BankConfirmation("CASE-1", "x".repeat(301)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("note must be at most 300 characters, was 301");
            assertThatThrownBy(() -> client.resolve(1, 0, "", OPS)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("note must be 1..300 characters");
            assertThat(client.list(DeadLetterQuery.all(10))).isEmpty();
        }
    }
}
