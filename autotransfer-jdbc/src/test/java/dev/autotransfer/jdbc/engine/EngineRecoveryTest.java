package dev.autotransfer.jdbc.engine;

import dev.autotransfer.spi.RunStore;
import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.BusinessDayRule;
import dev.autotransfer.domain.CatchUpPolicy;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Crashes, outages, poison rows, holidays and catch-up, each checked against the simulated bank's record. */
class EngineRecoveryTest {

    @DatabaseTest
    void a_node_that_died_holding_leases_is_marked_lost_and_its_work_recovered_after_the_lease(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                created.add(f.monthly("lease-" + i, "BANK_A", 1_000 + i));
            }
            // the dead node joined the run, claimed everything and committed STARTED for half of it
            f.runs.join(TODAY, "dead-node", f.clock.instant());
            List<ClaimedWorkItem> claimed = f.transfers.claim("BANK_A", Priority.P1, 10, "dead-node",
                    f.clock.instant(), Duration.ofSeconds(60));
            assertThat(claimed).hasSize(6);
            List<TransferStore.Opening> openings = new ArrayList<>();
            for (ClaimedWorkItem item : claimed.subList(0, 3)) {
                Schedule s = f.schedules.find(item.occurrence().scheduleId()).orElseThrow();
                AttemptKey key = item.occurrence().attempt(1);
                TransferRequest request = new TransferRequest(f.keyPrefix + key.format(), s.spec().source(), s.spec().destination(),
                        s.spec().amount(), s.spec().memo(), f.clock.instant());
                openings.add(new TransferStore.Opening(item, s.status(), s.version(), new TransferStore.NewEvent(key,
                        EventType.STARTED, f.clock.instant(), request, null, null, null), TransferStore.FollowUp.keep()));
            }
            assertThat(f.transfers.open(openings, "dead-node", f.clock.instant()))
                    .containsOnly(TransferStore.OpenResult.OPENED);

            AutoTransferEngine survivor = f.engine("survivor", c -> c.heartbeat(Duration.ofSeconds(10),
                    Duration.ofSeconds(30)));
            assertThat(survivor.runOnce().claimed()).as("the leases are the dead node's").isZero();
            assertThat(f.bank.executedDebits()).isEmpty();

            f.clock.advance(Duration.ofSeconds(61));
            RunReport report = survivor.runOnce();

            assertThat(report.resent()).as("open attempts re-sent under their keys").isEqualTo(3);
            assertThat(report.started()).isEqualTo(3);
            for (Schedule s : created) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
                assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "SUCCEEDED 1");
            }
            assertThat(f.alarmKinds()).contains(Alarm.Kind.NODE_LOST);
            assertThat(f.runs.find(TODAY).orElseThrow().nodes())
                    .anySatisfy(n -> {
                        assertThat(n.nodeId()).isEqualTo("dead-node");
                        assertThat(n.status()).hasToString("LOST");
                    });
        }
    }

    @DatabaseTest
    void one_banks_outage_opens_its_circuit_while_the_other_banks_complete(TestDatabase db) {
        Instant outageEnds = EngineFixture.START.plus(Duration.ofMinutes(5));
        try (EngineFixture f = new EngineFixture(db)) {
            f.bank.configure("BANK_A", dev.autotransfer.bank.sim.SimulatedBankConfig.custom()
                    .requestsPerSecond(1_000_000).outage(EngineFixture.START.minusSeconds(1), outageEnds).build());
            List<Schedule> created = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                created.add(f.monthly("outage-" + i, EngineFixture.BANKS.get(i % 3), 1_000 + i));
            }
            AutoTransferEngine engine = f.engine("node-1", c -> c.workerThreads(2)
                    .circuitBreaker(50, 5, Duration.ofMinutes(1)));

            RunReport first = engine.runOnce();

            assertThat(f.alarmKinds()).contains(Alarm.Kind.CIRCUIT_OPEN);
            for (Schedule s : created) {
                int expected = s.spec().source().bankCode().equals("BANK_A") ? 0 : 1;
                assertThat(f.debits(s.id(), TODAY)).as("schedule at %s", s.spec().source().bankCode())
                        .hasSize(expected);
            }
            assertThat(first.succeeded()).isEqualTo(40);
            long bankARequests = f.bank.totalRequests() - 40;
            assertThat(bankARequests).as("calls to the down bank stop once its circuit opens").isLessThan(20);

            f.clock.setInstant(outageEnds.plus(Duration.ofMinutes(10)));
            engine.runOnce();
            f.clock.advance(Duration.ofMinutes(10));
            engine.runOnce();

            for (Schedule s : created) {
                assertThat(f.debits(s.id(), TODAY)).as("schedule %d after the outage", s.id()).hasSize(1);
            }
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }

    @DatabaseTest(dialects = {Dialect.POSTGRESQL, Dialect.MARIADB})
    void a_poison_item_fails_alone_and_its_chunk_completes(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                created.add(f.monthly("poison-" + i, "BANK_A", 1_000 + i));
            }
            // an occurrence past the newest history partition, made due by hand: its STARTED cannot be inserted
            Schedule poison = f.create(f.spec("poison", "BANK_A", 7_000)
                    .recurrence(Recurrence.weekly(LocalDate.of(2027, 9, 6), java.time.DayOfWeek.MONDAY)).build());
            f.sql("UPDATE at_work_item SET not_before = '2026-01-06 00:00:00' WHERE schedule_id = " + poison.id());

            RunReport report = f.engine("node-1").runOnce();

            assertThat(report.succeeded()).isEqualTo(5);
            for (Schedule s : created) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
            assertThat(f.bank.executedDebits()).hasSize(5);
            assertThat(f.events(poison.id(), LocalDate.of(2027, 9, 6))).isEmpty();
            assertThat(f.alarmKinds()).contains(Alarm.Kind.STORE_FAILURE);
        }
    }

    @DatabaseTest
    void a_holiday_moves_execution_to_the_next_business_day_without_changing_the_occurrence(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            // 2026-12-25 is Christmas (Friday); the next business day is Monday 2026-12-28
            LocalDate christmas = LocalDate.of(2026, 12, 25);
            Schedule s = f.create(f.spec("holiday", "BANK_B", 12_000)
                    .recurrence(Recurrence.monthly(christmas, 25)).businessDayRule(BusinessDayRule.NEXT).build());
            AutoTransferEngine engine = f.engine("node-1");

            f.clock.setInstant(Instant.parse("2026-12-25T01:00:00Z"));
            assertThat(engine.runOnce().claimed()).isZero();
            f.clock.setInstant(Instant.parse("2026-12-27T14:59:00Z"));
            assertThat(engine.runOnce().claimed()).as("Sunday 23:59 in Seoul").isZero();
            f.clock.setInstant(Instant.parse("2026-12-27T15:00:00Z"));
            engine.runOnce();

            assertThat(f.debits(s.id(), christmas)).hasSize(1);
            assertThat(f.debits(s.id(), christmas).get(0).idempotencyKey()).isEqualTo(f.key(s.id(), christmas, 1));
            assertThat(f.nextDueDate(s.id())).isEqualTo(LocalDate.of(2027, 1, 25));
        }
    }

    @DatabaseTest
    void occurrences_missed_while_no_node_was_alive_follow_the_catch_up_policy(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            LocalDate september = LocalDate.of(2026, 9, 25);
            LocalDate october = LocalDate.of(2026, 10, 25);
            Schedule skip = f.create(f.spec("skip-missed", "BANK_A", 1_000)
                    .recurrence(Recurrence.monthly(september, 25)).catchUpPolicy(CatchUpPolicy.SKIP_MISSED).build());
            Schedule runAll = f.create(f.spec("run-all", "BANK_A", 2_000)
                    .recurrence(Recurrence.monthly(september, 25)).catchUpPolicy(CatchUpPolicy.RUN_ALL_MISSED).build());

            f.engine("node-1").runOnce();

            // September is the first occurrence and always runs; October fell due with no node alive
            assertThat(f.debits(skip.id(), september)).hasSize(1);
            assertThat(f.events(skip.id(), october)).containsExactly("SKIPPED");
            assertThat(f.debits(skip.id(), october)).isEmpty();
            assertThat(f.debits(skip.id(), TODAY)).as("today's occurrence is due, not missed").hasSize(1);
            assertThat(f.debits(runAll.id(), september)).hasSize(1);
            assertThat(f.debits(runAll.id(), october)).hasSize(1);
            assertThat(f.debits(runAll.id(), TODAY)).hasSize(1);
            assertThat(f.nextDueDate(skip.id())).isEqualTo(LocalDate.of(2026, 12, 25));
            assertThat(f.nextDueDate(runAll.id())).isEqualTo(LocalDate.of(2026, 12, 25));
        }
    }

    @DatabaseTest
    void a_backlog_that_was_late_while_a_node_was_alive_is_executed_not_skipped(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            LocalDate october = LocalDate.of(2026, 10, 25);
            Schedule s = f.create(f.spec("late-not-missed", "BANK_A", 1_000)
                    .recurrence(Recurrence.monthly(october, 25)).catchUpPolicy(CatchUpPolicy.SKIP_MISSED).build());
            // a node was alive when October fell due (Monday 2026-10-26 in Seoul), yet the item waited
            AutoTransferEngine engine = f.engine("node-1");
            f.runs.join(LocalDate.of(2026, 10, 26), "node-0", Instant.parse("2026-10-25T14:00:00Z"));
            f.runs.heartbeat(f.runs.find(LocalDate.of(2026, 10, 26)).orElseThrow().id(), "node-0",
                    Instant.parse("2026-11-25T00:00:00Z"), dev.autotransfer.spi.RunStore.NodeProgress.NONE);

            engine.runOnce();

            assertThat(f.debits(s.id(), october)).hasSize(1);
            assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
        }
    }

    @DatabaseTest
    void an_unknown_outcome_up_to_the_key_retention_goes_to_a_person_and_is_never_resent(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("unresolved", "BANK_A", 3_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.LATE_ARRIVAL_IN_PROGRESS);
            AutoTransferEngine engine = f.engine("node-1");
            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");

            f.clock.advance(Duration.ofHours(24));
            engine.runOnce();

            String key = f.key(s.id(), TODAY, 1);
            assertThat(f.bank.requestsReceived(key)).isEqualTo(1);
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "DEAD_LETTERED");
            assertThat(f.count("SELECT COUNT(*) FROM at_dead_letter WHERE kind = 'UNRESOLVED' AND schedule_id = "
                    + s.id())).isEqualTo(1);
            assertThat(f.alarmKinds()).contains(Alarm.Kind.UNRESOLVED);
            assertThat(f.nextDueDate(s.id())).as("the next occurrence is not held back")
                    .isEqualTo(LocalDate.of(2026, 12, 25));
        }
    }

    @DatabaseTest
    void a_key_that_stays_in_progress_is_asked_about_less_and_less_often(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("in-progress", "BANK_A", 3_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.LATE_ARRIVAL_IN_PROGRESS);
            // without jitter, so the waits' shape shows exactly (RetryPolicyTest covers the jitter)
            AutoTransferEngine engine = f.engine("node-1", c -> c.inquiryBackoff(Duration.ofSeconds(30),
                    Duration.ofHours(1)).backoffJitter(0));
            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            Instant started = f.clock.instant();

            // every time the item comes due again, the engine asks; the bank keeps answering in progress
            List<Duration> gaps = new ArrayList<>();
            Instant last = started;
            long inquiries = f.bank.totalInquiries();
            while (f.clock.instant().isBefore(started.plus(Duration.ofHours(20)))) {
                Instant due = f.db.jdbi().withHandle(h -> h.createQuery(
                                "SELECT claimable_at FROM at_work_item WHERE schedule_id = :id")
                        .bind("id", s.id()).mapTo(Instant.class).one());
                f.clock.setInstant(due.isAfter(f.clock.instant()) ? due : f.clock.instant().plusSeconds(1));
                engine.runOnce();
                if (f.bank.totalInquiries() > inquiries) {
                    inquiries = f.bank.totalInquiries();
                    gaps.add(Duration.between(last, f.clock.instant()));
                    last = f.clock.instant();
                }
            }

            assertThat(f.events(s.id(), TODAY)).as("no new key, no new event while in progress")
                    .containsExactly("STARTED", "UNKNOWN");
            assertThat(f.bank.requestsReceived(f.key(s.id(), TODAY, 1))).isEqualTo(1);
            // doubling alone would ask every minute for 20 hours (about 1,200 times); by the attempt's age it
            // asks after half the time it has been open, up to the hourly maximum
            assertThat(gaps).hasSizeBetween(20, 40);
            assertThat(gaps.get(gaps.size() - 1)).isEqualTo(Duration.ofHours(1));
            for (int i = 1; i < gaps.size(); i++) {
                assertThat(gaps.get(i)).as("gap %d of %s", i, gaps).isGreaterThanOrEqualTo(gaps.get(i - 1));
            }
        }
    }

    @DatabaseTest
    void a_long_inquiry_wait_ends_at_the_last_moment_a_resend_was_safe_where_a_person_takes_over(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db, b -> b.keyRetention(Duration.ofHours(6)))) {
            Schedule s = f.monthly("late-escalation", "BANK_A", 3_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.LATE_ARRIVAL_IN_PROGRESS);
            AutoTransferEngine engine = f.engine("node-1", c -> c.inquiryBackoff(Duration.ofHours(30),
                    Duration.ofHours(30)));
            Instant sent = f.clock.instant();
            engine.runOnce();
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");

            // the wait of 30 hours would look again a day after the key is gone: it stops at the deadline
            Instant due = f.db.jdbi().withHandle(h -> h.createQuery(
                            "SELECT claimable_at FROM at_work_item WHERE schedule_id = :id")
                    .bind("id", s.id()).mapTo(Instant.class).one());
            assertThat(due).isAfter(sent.plus(Duration.ofHours(5))).isBefore(sent.plus(Duration.ofHours(6)));
            f.clock.setInstant(due);
            engine.runOnce();

            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "DEAD_LETTERED");
            assertThat(f.bank.requestsReceived(f.key(s.id(), TODAY, 1))).isEqualTo(1);
        }
    }

    @DatabaseTest
    void a_wrong_echo_is_unknown_with_an_alarm_never_success(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db, b -> b.wrongEchoProbability(1.0))) {
            Schedule s = f.monthly("echo", "BANK_C", 3_000);

            f.engine("node-1").runOnce();

            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            assertThat(f.alarmKinds()).contains(Alarm.Kind.ECHO_MISMATCH);
        }
    }
}
