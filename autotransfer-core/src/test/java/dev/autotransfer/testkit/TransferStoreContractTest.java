package dev.autotransfer.testkit;

import static dev.autotransfer.testkit.StoreFixture.BANK;
import static dev.autotransfer.testkit.StoreFixture.DUE;
import static dev.autotransfer.testkit.StoreFixture.EARLY;
import static dev.autotransfer.testkit.StoreFixture.FIRST;
import static dev.autotransfer.testkit.StoreFixture.LATER;
import static dev.autotransfer.testkit.StoreFixture.LEASE;
import static dev.autotransfer.testkit.StoreFixture.SECOND;
import static dev.autotransfer.testkit.StoreFixture.SECOND_DUE;
import static dev.autotransfer.testkit.StoreFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.ScheduleConflictException;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.OpenResult;
import dev.autotransfer.spi.TransferStore.Opening;
import dev.autotransfer.spi.TransferStore.RecordResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link TransferStore} contract as JUnit tests, as every store must keep it: extend it, return a
 * fresh, empty store from the hooks, and run it with your tests. autotransfer's in-memory and JDBC
 * stores (H2, PostgreSQL, MariaDB) run it.
 *
 * <p>It checks claiming (each due item once while leased, lease expiry, release times, concurrent
 * claimers), fenced writes (a stale lease or another schedule version writes nothing; the bank's
 * answer is kept whatever the lease but its follow-up is not), history's unique rules (one opened
 * event and one final outcome per attempt, one SUCCEEDED per occurrence, UNKNOWN repeats, no
 * dead-lettering after a success), sequence order, concurrent duplicate writes (exactly one wins) and
 * commits whose outcome is unknown (with {@link #faults()}: nothing is written twice, and what was
 * written can be read back). Concurrent registrations of one schedule reference are checked too.
 * A store must be able to lose a commit on demand ({@link #faults()}): without it, nothing proves
 * the lost-commit rules, so the kit asks every store for it.
 *
 * <p>JUnit creates an instance per test; the hooks are called in the test body, after the subclass's
 * {@code @BeforeEach}, and should answer the same stores throughout one test.
 */
public abstract class TransferStoreContractTest {

    private StoreFixture fixture;

    /** The store under test, empty at the start of each test. */
    protected abstract TransferStore transferStore();

    /** Creates schedules (and their first work items) in the same storage as the store under test. */
    protected abstract ScheduleCreator schedules();

    /** The faults the store can be put under: a commit lost after it took effect, or before. */
    protected abstract StoreFaults faults();

    private StoreFixture f() {
        if (fixture == null) {
            fixture = new StoreFixture(transferStore(), schedules());
        }
        return fixture;
    }

    // ---- claiming ----

    @Test
    void claims_a_due_item_once_while_its_lease_holds() {
        f().monthly(3);
        List<ClaimedWorkItem> first = f().claim("node-a", DUE);
        assertThat(first).hasSize(3);
        assertThat(first).extracting(ClaimedWorkItem::leaseToken).containsOnly(first.get(0).leaseToken());
        assertThat(first).extracting(ClaimedWorkItem::leaseUntil).containsOnly(DUE.plus(LEASE));
        assertThat(f().claim("node-b", DUE.plusSeconds(30))).isEmpty();

        List<ClaimedWorkItem> again = f().claim("node-b", DUE.plus(LEASE).plusSeconds(1));
        assertThat(again).extracting(ClaimedWorkItem::id)
                .containsExactlyElementsOf(first.stream().map(ClaimedWorkItem::id).toList());
        assertThat(again.get(0).leaseToken()).isNotEqualTo(first.get(0).leaseToken());
    }

    @Test
    void claims_nothing_before_its_not_before_time_nor_of_another_bank_or_priority() {
        f().monthly("early");
        assertThat(f().claim("node-a", EARLY)).isEmpty();
        assertThat(f().store.claim("OTHER_BANK", Priority.P1, 10, "node-a", DUE, LEASE)).isEmpty();
        assertThat(f().store.claim(BANK, Priority.P0, 10, "node-a", DUE, LEASE)).isEmpty();
        assertThat(f().store.countDue(EARLY)).isZero();
        assertThat(f().store.countDue(DUE)).isEqualTo(1);
        assertThat(f().claimOne("node-a", DUE).occurrence().nominalDate()).isEqualTo(FIRST);
    }

    @Test
    void claims_up_to_the_limit_in_id_order_when_due_together() {
        List<Schedule> schedules = f().monthly(3);
        List<ClaimedWorkItem> two = f().store.claim(BANK, Priority.P1, 2, "node-a", DUE, LEASE);
        assertThat(two).extracting(item -> item.occurrence().scheduleId())
                .containsExactly(schedules.get(0).id(), schedules.get(1).id());
        assertThat(f().claim("node-a", DUE)).extracting(item -> item.occurrence().scheduleId())
                .containsExactly(schedules.get(2).id());
    }

    @Test
    void a_released_item_is_claimable_again_from_its_retry_time() {
        f().monthly("released");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        Instant retryAt = DUE.plus(Duration.ofMinutes(10));
        RecordResult result = f().record(item, FollowUp.retryAt(retryAt, "BACKOFF"));
        assertThat(result.leaseHeld()).isTrue();
        assertThat(result.failed()).isFalse();

        assertThat(f().claim("node-a", retryAt.minusSeconds(1))).isEmpty();
        ClaimedWorkItem again = f().claimOne("node-b", retryAt);
        assertThat(again.id()).isEqualTo(item.id());
        assertThat(again.leaseToken()).isNotEqualTo(item.leaseToken());
    }

    @Test
    void concurrent_claimers_take_each_due_item_once() throws InterruptedException {
        int total = 30;
        f().monthly(total);
        List<List<ClaimedWorkItem>> chunks = Together.run(6,
                i -> () -> f().store.claim(BANK, Priority.P1, 5, "node-" + i, DUE, LEASE));
        List<Long> ids = new ArrayList<>();
        chunks.forEach(chunk -> chunk.forEach(item -> ids.add(item.id())));
        // whatever a claimer skipped because another held it is claimed by a sweep afterwards
        f().claim("sweeper", DUE).forEach(item -> ids.add(item.id()));
        assertThat(ids).doesNotHaveDuplicates().hasSize(total);
    }

    // ---- fenced writes ----

    @Test
    void an_opening_with_a_stale_lease_writes_nothing() {
        f().monthly("stale-open");
        ClaimedWorkItem stale = f().claimOne("node-a", DUE);
        Opening late = f().started(stale, 1);
        ClaimedWorkItem current = f().claimOne("node-b", DUE.plus(LEASE).plusSeconds(1));

        assertThat(f().open(late)).isEqualTo(OpenResult.FENCED);
        assertThat(f().history(current).events()).isEmpty();
        assertThat(f().open(f().started(current, 1))).isEqualTo(OpenResult.OPENED);
        assertThat(f().count(current, EventType.STARTED)).isEqualTo(1);
    }

    @Test
    void an_opening_built_from_another_schedule_status_or_version_writes_nothing() {
        Schedule schedule = f().monthly("versioned");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        Opening fresh = f().started(item, 1);
        Opening otherVersion = new Opening(item, ScheduleStatus.ACTIVE, schedule.version() + 1, fresh.event(),
                fresh.followUp());
        Opening otherStatus = new Opening(item, ScheduleStatus.PAUSED, schedule.version(), fresh.event(),
                fresh.followUp());

        assertThat(f().open(otherVersion)).isEqualTo(OpenResult.FENCED);
        assertThat(f().open(otherStatus)).isEqualTo(OpenResult.FENCED);
        assertThat(f().history(item).events()).isEmpty();
    }

    @Test
    void a_stale_lease_keeps_the_banks_answer_but_not_its_follow_up() {
        f().monthly("stale-record");
        ClaimedWorkItem stale = f().claimOne("node-a", DUE);
        assertThat(f().open(f().started(stale, 1))).isEqualTo(OpenResult.OPENED);
        f().claimOne("node-b", DUE.plus(LEASE).plusSeconds(1));

        RecordResult result = f().record(stale, StoreFixture.succeededAndAdvanced(stale.occurrence(), DUE),
                event(stale.occurrence().attempt(1), EventType.SUCCEEDED, DUE));
        assertThat(result.inserted()).containsExactly(true);
        assertThat(result.leaseHeld()).isFalse();
        assertThat(f().count(stale, EventType.SUCCEEDED)).isEqualTo(1);
        assertThat(f().schedule(stale.occurrence().scheduleId()).nextDueDate()).isEqualTo(FIRST);
        assertThat(f().workItems()).isEqualTo(1);
    }

    @Test
    void a_stale_lease_cannot_record_an_engine_decision() {
        f().monthly("stale-decision");
        ClaimedWorkItem stale = f().claimOne("node-a", DUE);
        f().claimOne("node-b", DUE.plus(LEASE).plusSeconds(1));

        RecordResult result = f().record(stale, FollowUp.done(),
                event(stale.occurrence().attempt(1), EventType.DEAD_LETTERED, DUE));
        assertThat(result.inserted()).containsExactly(false);
        assertThat(result.leaseHeld()).isFalse();
        assertThat(f().history(stale).events()).isEmpty();
        assertThat(f().workItems()).isEqualTo(1);
    }

    @Test
    void a_dead_lettering_is_refused_once_the_occurrence_succeeded() {
        f().monthly("settled");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        f().open(f().started(item, 1));
        f().record(item, FollowUp.keep(), event(item.occurrence().attempt(1), EventType.SUCCEEDED, DUE));

        assertThat(f().record(item, FollowUp.keep(), event(item.occurrence().attempt(1), EventType.DEAD_LETTERED, DUE))
                .inserted()).containsExactly(false);
        assertThat(f().open(f().opening(item, EventType.DEAD_LETTERED, 1, FollowUp.keep())))
                .isEqualTo(OpenResult.REFUSED);
        assertThat(f().history(item).events()).extracting(HistoryEvent::type)
                .containsExactly(EventType.STARTED, EventType.SUCCEEDED);
    }

    // ---- history's unique rules and order ----

    @Test
    void one_opened_event_per_attempt() {
        f().monthly("opened-once");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        assertThat(f().open(f().started(item, 1))).isEqualTo(OpenResult.OPENED);

        assertThat(f().open(f().started(item, 1))).isEqualTo(OpenResult.REFUSED);
        assertThat(f().open(f().opening(item, EventType.SKIPPED, 1, FollowUp.keep()))).isEqualTo(OpenResult.REFUSED);
        assertThat(f().open(f().opening(item, EventType.CANCELLED, 1, FollowUp.keep()))).isEqualTo(OpenResult.REFUSED);
        assertThat(f().history(item).events()).extracting(HistoryEvent::type).containsExactly(EventType.STARTED);
    }

    @Test
    void one_final_outcome_per_attempt_while_unknown_repeats() {
        f().monthly("final-once");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        f().open(f().started(item, 1));
        var key = item.occurrence().attempt(1);

        assertThat(f().record(item, FollowUp.keep(), event(key, EventType.UNKNOWN, DUE),
                event(key, EventType.UNKNOWN, DUE)).inserted()).containsExactly(true, true);
        assertThat(f().record(item, FollowUp.keep(), event(key, EventType.FAILED, DUE)).inserted())
                .containsExactly(true);
        assertThat(f().record(item, FollowUp.keep(), event(key, EventType.SUCCEEDED, DUE)).inserted())
                .containsExactly(false);
        assertThat(f().record(item, FollowUp.keep(), event(key, EventType.FAILED, DUE)).inserted())
                .containsExactly(false);
    }

    @Test
    void one_succeeded_per_occurrence_whatever_the_attempt() {
        f().monthly("succeeded-once");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        assertThat(f().record(item, FollowUp.keep(), event(item.occurrence().attempt(1), EventType.SUCCEEDED, DUE))
                .inserted()).containsExactly(true);
        assertThat(f().record(item, FollowUp.keep(), event(item.occurrence().attempt(2), EventType.SUCCEEDED, DUE))
                .inserted()).containsExactly(false);
        assertThat(f().count(item, EventType.SUCCEEDED)).isEqualTo(1);
    }

    @Test
    void history_reads_back_in_sequence_order_as_written() {
        f().monthly("ordered");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        Instant at = DUE.plusNanos(123_456_789);
        var first = item.occurrence().attempt(1);
        var second = item.occurrence().attempt(2);
        Instant sentAt = DUE.plusNanos(123_456_000);
        f().open(new Opening(item, ScheduleStatus.ACTIVE, 0, new NewEvent(first, EventType.STARTED, at,
                StoreFixture.request(first, sentAt), null, null, null), FollowUp.keep()));
        f().record(item, FollowUp.keep(), event(first, EventType.UNKNOWN, at), event(first, EventType.FAILED, at));
        f().open(new Opening(item, ScheduleStatus.ACTIVE, 0, StoreFixture.started(second, at), FollowUp.keep()));
        f().record(item, FollowUp.keep(), event(second, EventType.SUCCEEDED, at));

        List<HistoryEvent> events = f().history(item).events();
        assertThat(events).extracting(HistoryEvent::type).containsExactly(EventType.STARTED, EventType.UNKNOWN,
                EventType.FAILED, EventType.STARTED, EventType.SUCCEEDED);
        assertThat(events.get(0).seq()).isPositive();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).seq()).isGreaterThan(events.get(i - 1).seq());
        }
        assertThat(events.get(0).request()).isEqualTo(StoreFixture.request(first, sentAt));
        assertThat(events.get(0).occurredAt()).isEqualTo(at.truncatedTo(ChronoUnit.MICROS));
        assertThat(events.get(2).code()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(events.get(4).externalTransactionId()).isEqualTo("bank-tx-2");
    }

    @Test
    void a_list_is_answered_item_by_item_in_order() {
        f().monthly(2);
        List<ClaimedWorkItem> items = f().claim("node-a", DUE);
        Opening fresh = f().started(items.get(0), 1);
        Opening stale = new Opening(new ClaimedWorkItem(items.get(1).id(), items.get(1).occurrence(), BANK,
                Priority.P1, "CURRENT", java.util.UUID.randomUUID(), items.get(1).leaseUntil()), ScheduleStatus.ACTIVE,
                0, StoreFixture.started(items.get(1).occurrence().attempt(1), DUE), FollowUp.keep());

        assertThat(f().store.open(List.of(fresh, fresh, stale), "node-a", DUE))
                .containsExactly(OpenResult.OPENED, OpenResult.REFUSED, OpenResult.FENCED);
        assertThat(f().count(items.get(0), EventType.STARTED)).isEqualTo(1);
        assertThat(f().history(items.get(1)).events()).isEmpty();
    }

    // ---- follow-ups ----

    @Test
    void a_success_moves_the_schedule_on_once_and_creates_the_next_work_item() {
        Schedule schedule = f().monthly("advanced");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        f().open(f().started(item, 1));
        Instant executedAt = DUE.plusNanos(5_000_500);
        RecordResult result = f().record(item, StoreFixture.succeededAndAdvanced(item.occurrence(), executedAt),
                event(item.occurrence().attempt(1), EventType.SUCCEEDED, DUE));
        assertThat(result.leaseHeld()).isTrue();

        Schedule moved = f().schedule(schedule.id());
        assertThat(moved.nextDueDate()).isEqualTo(SECOND);
        assertThat(moved.lastExecutedAt()).isEqualTo(executedAt.truncatedTo(ChronoUnit.MICROS));
        assertThat(moved.retryCount()).isZero();
        assertThat(moved.version()).isEqualTo(schedule.version());
        assertThat(f().workItems()).isEqualTo(1);
        assertThat(f().claim("node-a", LATER)).isEmpty();
        assertThat(f().claimOne("node-a", SECOND_DUE).occurrence().nominalDate()).isEqualTo(SECOND);
    }

    @Test
    void a_retry_count_is_stored_for_the_current_occurrence_only() {
        Schedule schedule = f().monthly("retries");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        f().record(item, FollowUp.keep().withRetryCount(2));
        assertThat(f().schedule(schedule.id()).retryCount()).isEqualTo(2);
        assertThat(f().schedule(schedule.id()).version()).isEqualTo(schedule.version());
    }

    // ---- concurrent duplicate writes ----

    @Test
    void concurrent_openings_of_one_attempt_open_it_once() throws InterruptedException {
        f().monthly("racing-open");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        Opening opening = f().started(item, 1);
        List<OpenResult> results = Together.run(8,
                i -> () -> f().store.open(List.of(opening), "node-" + i, DUE).get(0));
        assertThat(results).filteredOn(r -> r == OpenResult.OPENED).hasSize(1);
        assertThat(results).filteredOn(r -> r != OpenResult.OPENED).containsOnly(OpenResult.REFUSED);
        assertThat(f().count(item, EventType.STARTED)).isEqualTo(1);
    }

    @Test
    void concurrent_outcomes_of_one_occurrence_insert_one_success() throws InterruptedException {
        f().monthly("racing-success");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        f().open(f().started(item, 1));
        List<Boolean> inserted = Together.run(8, i -> () -> f().record(item, FollowUp.keep(),
                event(item.occurrence().attempt(1 + i % 2), EventType.SUCCEEDED, DUE)).inserted().get(0));
        assertThat(inserted).filteredOn(b -> b).hasSize(1);
        assertThat(f().count(item, EventType.SUCCEEDED)).isEqualTo(1);
    }

    @Test
    void concurrent_registrations_of_one_reference_create_one_schedule() throws InterruptedException {
        var spec = f().spec("racing-registration");
        List<Schedule> schedules = Together.run(8, i -> () -> f().schedules.create(spec));
        assertThat(schedules).extracting(Schedule::id).containsOnly(schedules.get(0).id());
        assertThat(f().workItems()).isEqualTo(1);
    }

    @Test
    void a_client_reference_registered_again_answers_the_stored_schedule_or_refuses_other_content() {
        var spec = f().spec("registered-twice");
        Schedule stored = f().schedules.create(spec);

        assertThat(f().schedules.create(spec)).isEqualTo(stored);
        var other = spec.toBuilder().amount(dev.autotransfer.bank.Money.krw(1)).build();
        assertThatThrownBy(() -> f().schedules.create(other))
                .isInstanceOfSatisfying(ScheduleConflictException.class, e -> {
                    assertThat(e.existingScheduleId()).isEqualTo(stored.id());
                    assertThat(e.differingFields()).contains("amount");
                });
        assertThat(f().schedules.findByClientReference("registered-twice")).contains(stored);
        assertThat(f().workItems()).isEqualTo(1);
    }

    // ---- commits whose outcome is unknown ----

    @Test
    void an_opening_whose_commit_was_lost_after_taking_effect_is_in_history_once() {
        StoreFaults faults = faults();
        f().monthly("lost-open");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        Opening opening = f().started(item, 1);
        faults.loseNextCommit(true);
        OpenResult result = openTolerating(opening);

        assertThat(result).isIn(OpenResult.OPENED, OpenResult.REFUSED, OpenResult.FAILED, null);
        assertThat(f().count(item, EventType.STARTED)).isEqualTo(1);
        assertThat(f().open(opening)).isEqualTo(OpenResult.REFUSED);
    }

    @Test
    void an_opening_whose_commit_was_lost_before_taking_effect_is_written_at_most_once() {
        StoreFaults faults = faults();
        f().monthly("dropped-open");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        Opening opening = f().started(item, 1);
        faults.loseNextCommit(false);
        OpenResult result = openTolerating(opening);

        long started = f().count(item, EventType.STARTED);
        assertThat(started).isEqualTo(result == OpenResult.OPENED || result == OpenResult.REFUSED ? 1 : 0);
        if (started == 0) {
            assertThat(f().open(opening)).isEqualTo(OpenResult.OPENED);
        }
        assertThat(f().count(item, EventType.STARTED)).isEqualTo(1);
    }

    @Test
    void an_outcome_whose_commit_was_lost_is_recorded_once_and_moves_the_schedule_once() {
        StoreFaults faults = faults();
        Schedule schedule = f().monthly("lost-outcome");
        ClaimedWorkItem item = f().claimOne("node-a", DUE);
        f().open(f().started(item, 1));
        FollowUp followUp = StoreFixture.succeededAndAdvanced(item.occurrence(), DUE);
        var succeeded = event(item.occurrence().attempt(1), EventType.SUCCEEDED, DUE);
        faults.loseNextCommit(true);
        try {
            f().record(item, followUp, succeeded);
        } catch (RuntimeException e) {
            // the contract allows throwing when the store cannot tell; what counts is what was written
        }

        assertThat(f().count(item, EventType.SUCCEEDED)).isEqualTo(1);
        assertThat(f().schedule(schedule.id()).nextDueDate()).isEqualTo(SECOND);
        assertThat(f().record(item, followUp, succeeded).inserted()).containsExactly(false);
        assertThat(f().schedule(schedule.id()).nextDueDate()).isEqualTo(SECOND);
        assertThat(f().workItems()).isEqualTo(1);
    }

    @Test
    void a_claim_and_open_whose_commit_was_lost_never_opens_an_attempt_twice() {
        StoreFaults faults = faults();
        f().monthly(3);
        faults.loseNextCommit(true);
        try {
            f().store.claimAndOpen(BANK, Priority.P1, 10, "node-a", DUE, LEASE, this::openWhereNothingIsOpen);
        } catch (RuntimeException e) {
            // allowed: the store could not tell what happened
        }
        TransferStore.ClaimedChunk next = f().store.claimAndOpen(BANK, Priority.P1, 10, "node-b",
                DUE.plus(LEASE).plusSeconds(1), LEASE, this::openWhereNothingIsOpen);

        assertThat(next.occurrences()).hasSize(3);
        for (TransferStore.ClaimedOccurrence claimed : next.occurrences()) {
            assertThat(f().count(claimed.item(), EventType.STARTED)).isEqualTo(1);
        }
    }

    /** What the engine decides for a fresh occurrence: open its next attempt; nothing where one is open. */
    private List<Opening> openWhereNothingIsOpen(List<TransferStore.ClaimedOccurrence> claimed) {
        List<Opening> openings = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (TransferStore.ClaimedOccurrence c : claimed) {
            if (c.history().openAttempt().isEmpty() && seen.add(c.item().id())) {
                openings.add(new Opening(c.item(), c.schedule().status(), c.schedule().version(),
                        StoreFixture.started(c.history().nextKey(), DUE), FollowUp.keep()));
            }
        }
        return openings;
    }

    private OpenResult openTolerating(Opening opening) {
        try {
            return f().open(opening);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
