package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore.DeadLetterEntry;
import dev.autotransfer.spi.TransferStore.DeadLetterKind;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.OpenResult;
import dev.autotransfer.spi.TransferStore.Opening;
import dev.autotransfer.spi.TransferStore.RecordResult;
import dev.autotransfer.spi.TransferStore.Recording;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Hard cases 2, 3 and 6 of the design brief, each checked against the simulated bank's own record:
 * side effects follow the insert that won, an uncertain answer is UNKNOWN until inquiry, and
 * occurrences are independent of each other.
 */
class EngineHardCaseTest {

    private static final LocalDate DECEMBER = LocalDate.of(2026, 12, 25);
    private static final LocalDate JANUARY = LocalDate.of(2027, 1, 25);

    @DatabaseTest
    void a_server_error_after_executing_is_unknown_until_inquiry_finds_what_the_bank_did(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule paid = f.monthly("503-paid", "BANK_A", 30_000);
            Schedule refused = f.monthly("503-refused", "BANK_A", 40_000);
            f.bank.closeAccount(refused.spec().source());
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.SERVER_ERROR_AFTER_EXECUTING,
                    ScriptedFault.SERVER_ERROR_AFTER_EXECUTING);
            AutoTransferEngine engine = f.engine("node-1");

            engine.runOnce();

            // a 503 is never taken for a refusal, nor for success
            assertThat(f.events(paid.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            assertThat(f.events(refused.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'UNKNOWN' AND code = 'BANK_ERROR'"))
                    .isEqualTo(2);
            assertThat(f.debits(paid.id(), TODAY)).as("the bank executed it").hasSize(1);

            f.clock.advance(Duration.ofSeconds(30));
            RunReport report = engine.runOnce();

            assertThat(report.inquired()).isEqualTo(2);
            assertThat(report.resent()).isZero();
            String paidKey = f.key(paid.id(), TODAY, 1);
            assertThat(f.eventsWithAttempts(paid.id(), TODAY)).containsExactly("STARTED 1", "UNKNOWN 1", "SUCCEEDED 1");
            assertThat(f.bank.requestsReceived(paidKey)).isEqualTo(1);
            assertThat(f.bank.executionCount(paidKey)).isEqualTo(1);
            assertThat(f.debits(paid.id(), TODAY)).hasSize(1);
            assertThat(f.nextDueDate(paid.id())).isEqualTo(DECEMBER);
            // the inquiry found the bank's refusal: that, not the 503, closes the key
            assertThat(f.eventsWithAttempts(refused.id(), TODAY))
                    .containsExactly("STARTED 1", "UNKNOWN 1", "FAILED 1", "DEAD_LETTERED 1");
            assertThat(f.debits(refused.id(), TODAY)).isEmpty();
            assertThat(f.bank.requestsReceived(f.key(refused.id(), TODAY, 2))).isZero();
        }
    }

    @DatabaseTest
    void the_next_occurrence_is_debited_on_its_date_while_the_previous_outcome_is_still_unknown(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db, b -> b.keyRetention(Duration.ofDays(40)))) {
            Schedule s = f.monthly("independent", "BANK_A", 25_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.LATE_ARRIVAL_IN_PROGRESS);
            AutoTransferEngine engine = f.engine("node-1");
            String novemberKey = f.key(s.id(), TODAY, 1);

            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");

            // Christmas, a holiday: December's occurrence executes on Monday the 28th, not yet
            f.clock.setInstant(Instant.parse("2026-12-25T01:00:00Z"));
            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            assertThat(f.events(s.id(), DECEMBER)).isEmpty();
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE schedule_id = " + s.id())).isEqualTo(1);

            Instant monday = Instant.parse("2026-12-27T15:05:00Z");
            f.clock.setInstant(monday);
            engine.runOnce();

            assertThat(f.events(s.id(), TODAY)).as("November still open").containsExactly("STARTED", "UNKNOWN");
            assertThat(f.debits(s.id(), TODAY)).isEmpty();
            assertThat(f.eventsWithAttempts(s.id(), DECEMBER)).containsExactly("STARTED 1", "SUCCEEDED 1");
            List<ExecutedDebit> december = f.debits(s.id(), DECEMBER);
            assertThat(december).singleElement().satisfies(d -> {
                assertThat(d.idempotencyKey()).isEqualTo(f.key(s.id(), DECEMBER, 1));
                assertThat(d.executedAt().atZone(ZoneId.of("Asia/Seoul")).toLocalDate())
                        .isEqualTo(LocalDate.of(2026, 12, 28));
            });
            assertThat(f.nextDueDate(s.id())).isEqualTo(JANUARY);

            // the late request reaches the bank; the next inquiry finds it executed
            assertThat(f.bank.deliverAllLateRequests()).isEqualTo(1);
            f.clock.advance(Duration.ofMinutes(10));
            engine.runOnce();

            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "SUCCEEDED");
            assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            assertThat(f.debits(s.id(), DECEMBER)).hasSize(1);
            assertThat(f.bank.requestsReceived(novemberKey)).as("asked about, never re-sent").isEqualTo(1);
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
            assertThat(f.nextDueDate(s.id())).as("never moves backwards").isEqualTo(JANUARY);
        }
    }

    @DatabaseTest
    void twin_recordings_of_one_dead_letter_leave_one_entry(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("twin-records", "BANK_A", 1_000);
            f.bank.closeAccount(s.spec().source());
            ClaimedWorkItem item = claimOne(f);
            AttemptKey key = item.occurrence().attempt(1);
            TransferRequest request = start(f, s, item, key);
            TransferOutcome outcome = f.bank.client("BANK_A").transfer(request);
            assertThat(outcome).isInstanceOf(TransferOutcome.Rejected.class);
            Instant now = f.clock.instant();
            Recording exhausted = new Recording(item, List.of(
                    new NewEvent(key, EventType.FAILED, now, null, null, "ACCOUNT_CLOSED", null),
                    NewEvent.of(key, EventType.DEAD_LETTERED, now, "ACCOUNT_CLOSED", "1 definitive failures")),
                    FollowUp.done().withDeadLetter(new DeadLetterEntry(key, request.idempotencyKey(), DeadLetterKind.EXHAUSTED,
                            "ACCOUNT_CLOSED", "1 definitive failures")));
            // a twin that saw the outcome differently (its inquiry answered nothing in time)
            Recording unresolved = new Recording(item, List.of(
                    NewEvent.of(key, EventType.DEAD_LETTERED, now, "UNRESOLVED", "twin")),
                    FollowUp.done().withDeadLetter(new DeadLetterEntry(key, request.idempotencyKey(), DeadLetterKind.UNRESOLVED,
                            "UNRESOLVED", "twin")));

            List<RecordResult> results = f.transfers.record(List.of(exhausted, exhausted, unresolved), "node-1", now);

            assertThat(results).extracting(RecordResult::inserted)
                    .containsExactly(List.of(true, true), List.of(false, false), List.of(false));
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "FAILED", "DEAD_LETTERED");
            assertThat(f.count("SELECT COUNT(*) FROM at_dead_letter WHERE schedule_id = " + s.id())).isEqualTo(1);
            assertThat(f.count("SELECT COUNT(*) FROM at_dead_letter WHERE kind = 'EXHAUSTED' AND schedule_id = "
                    + s.id())).isEqualTo(1);
            assertThat(f.bank.requestsReceived(key.format())).isEqualTo(1);
            assertThat(f.debits(s.id(), TODAY)).isEmpty();
        }
    }

    @DatabaseTest
    void twin_openings_of_one_dead_letter_leave_one_entry(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("twin-openings", "BANK_A", 1_000);
            f.bank.closeAccount(s.spec().source());
            ClaimedWorkItem item = claimOne(f);
            AttemptKey key = item.occurrence().attempt(1);
            TransferRequest request = start(f, s, item, key);
            assertThat(f.bank.client("BANK_A").transfer(request)).isInstanceOf(TransferOutcome.Rejected.class);
            Instant now = f.clock.instant();
            // the failure was recorded under the retry limit; two deciders then dead-letter the occurrence
            f.transfers.record(List.of(new Recording(item, List.of(new NewEvent(key, EventType.FAILED, now, null, null,
                    "ACCOUNT_CLOSED", null)), FollowUp.keep())), "node-1", now);
            Opening deadLetter = new Opening(item, ScheduleStatus.ACTIVE, s.version(),
                    NewEvent.of(key, EventType.DEAD_LETTERED, now, "ACCOUNT_CLOSED", "1 definitive failures"),
                    FollowUp.done().withDeadLetter(new DeadLetterEntry(key, request.idempotencyKey(), DeadLetterKind.EXHAUSTED,
                            "ACCOUNT_CLOSED", "1 definitive failures")));

            List<OpenResult> results = f.transfers.open(List.of(deadLetter, deadLetter), "node-1", now);

            // the twin is refused by the DEAD_LETTERED slot, or fenced when it is written alone after the winner
            assertThat(results.get(0)).isEqualTo(OpenResult.OPENED);
            assertThat(results.get(1)).isIn(OpenResult.REFUSED, OpenResult.FENCED);
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "FAILED", "DEAD_LETTERED");
            assertThat(f.count("SELECT COUNT(*) FROM at_dead_letter WHERE schedule_id = " + s.id())).isEqualTo(1);
            assertThat(f.debits(s.id(), TODAY)).isEmpty();
        }
    }

    @DatabaseTest
    void a_node_whose_lease_lapsed_cannot_dead_letter_an_occurrence_another_node_settled(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("lapsed-lease", "BANK_A", 1_000);
            ClaimedWorkItem stale = claimOne(f);
            AttemptKey key = stale.occurrence().attempt(1);
            TransferRequest request = start(f, s, stale, key);
            // node-1 stalls before its call; its lease lapses and node-2 re-sends the recorded request
            f.clock.advance(Duration.ofMinutes(5));
            List<ClaimedWorkItem> again = f.transfers.claim("BANK_A", Priority.P1, 10, "node-2", f.clock.instant(),
                    Duration.ofSeconds(60));
            assertThat(again).hasSize(1);
            TransferOutcome executed = f.bank.client("BANK_A").transfer(request);
            assertThat(executed).isInstanceOf(TransferOutcome.Accepted.class);
            Instant now = f.clock.instant();
            f.transfers.record(List.of(new Recording(again.get(0), List.of(new NewEvent(key, EventType.SUCCEEDED, now,
                    null, ((TransferOutcome.Accepted) executed).externalTransactionId(), null, null)),
                    FollowUp.done())), "node-2", now);

            // node-1 wakes up, learns nothing useful from the bank and would hand the occurrence to a person
            Recording escalation = new Recording(stale, List.of(
                    NewEvent.of(key, EventType.DEAD_LETTERED, now, "REQUEST_EXPIRED", "older than the key retention")),
                    FollowUp.done().withDeadLetter(new DeadLetterEntry(key, request.idempotencyKey(),
                            DeadLetterKind.UNRESOLVED, "REQUEST_EXPIRED", "older than the key retention")));
            List<RecordResult> results = f.transfers.record(List.of(escalation), "node-1", now);

            assertThat(results).extracting(RecordResult::inserted).containsExactly(List.of(false));
            assertThat(results.get(0).leaseHeld()).isFalse();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
            assertThat(f.count("SELECT COUNT(*) FROM at_dead_letter WHERE schedule_id = " + s.id())).isZero();
            assertThat(f.bank.executedDebits()).extracting(ExecutedDebit::idempotencyKey)
                    .containsExactly(request.idempotencyKey());
        }
    }

    @DatabaseTest
    void a_late_success_from_a_stalled_node_stops_the_lease_holder_from_dead_lettering(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("late-success", "BANK_A", 1_000);
            ClaimedWorkItem stalled = claimOne(f);
            AttemptKey key = stalled.occurrence().attempt(1);
            TransferRequest request = start(f, s, stalled, key);
            TransferOutcome executed = f.bank.client("BANK_A").transfer(request);
            assertThat(executed).isInstanceOf(TransferOutcome.Accepted.class);
            // node-1 stalls after the bank's answer; node-2 takes the lapsed lease and decides to hand
            // the occurrence to a person, but node-1's SUCCEEDED commits before node-2 writes that
            f.clock.advance(Duration.ofMinutes(5));
            List<ClaimedWorkItem> again = f.transfers.claim("BANK_A", Priority.P1, 10, "node-2", f.clock.instant(),
                    Duration.ofSeconds(60));
            assertThat(again).hasSize(1);
            Instant now = f.clock.instant();
            List<RecordResult> late = f.transfers.record(List.of(new Recording(stalled, List.of(new NewEvent(key,
                    EventType.SUCCEEDED, now, null, ((TransferOutcome.Accepted) executed).externalTransactionId(), null,
                    null)), FollowUp.done())), "node-1", now);
            assertThat(late).extracting(RecordResult::inserted).containsExactly(List.of(true));
            DeadLetterEntry entry = new DeadLetterEntry(key, request.idempotencyKey(), DeadLetterKind.UNRESOLVED,
                    "UNRESOLVED", "outcome unknown up to the key retention");

            List<OpenResult> opened = f.transfers.open(List.of(new Opening(again.get(0), ScheduleStatus.ACTIVE,
                    s.version(), NewEvent.of(key, EventType.DEAD_LETTERED, now, "UNRESOLVED", "decided"),
                    FollowUp.done().withDeadLetter(entry))), "node-2", now);
            List<RecordResult> recorded = f.transfers.record(List.of(new Recording(again.get(0), List.of(
                    NewEvent.of(key, EventType.DEAD_LETTERED, now, "UNRESOLVED", "recorded")),
                    FollowUp.done().withDeadLetter(entry))), "node-2", now);

            assertThat(opened).containsExactly(OpenResult.REFUSED);
            assertThat(recorded).extracting(RecordResult::inserted).containsExactly(List.of(false));
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
            assertThat(f.count("SELECT COUNT(*) FROM at_dead_letter WHERE schedule_id = " + s.id())).isZero();
            assertThat(f.bank.executedDebits()).extracting(ExecutedDebit::idempotencyKey)
                    .containsExactly(request.idempotencyKey());
        }
    }

    private static ClaimedWorkItem claimOne(EngineFixture f) {
        List<ClaimedWorkItem> claimed = f.transfers.claim("BANK_A", Priority.P1, 10, "node-1", f.clock.instant(),
                Duration.ofSeconds(60));
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    /** Commits the STARTED of {@code key} as the engine does before its call; returns its request. */
    private static TransferRequest start(EngineFixture f, Schedule s, ClaimedWorkItem item, AttemptKey key) {
        TransferRequest request = new TransferRequest(key.format(), s.spec().source(), s.spec().destination(),
                s.spec().amount(), s.spec().memo(), f.clock.instant());
        assertThat(f.transfers.open(List.of(new Opening(item, ScheduleStatus.ACTIVE, s.version(),
                new NewEvent(key, EventType.STARTED, f.clock.instant(), request, null, null, null), FollowUp.keep())),
                "node-1", f.clock.instant())).containsExactly(OpenResult.OPENED);
        return request;
    }
}
