package dev.autotransfer.jdbc.engine;

import dev.autotransfer.engine.BankDirectory;
import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.TransferRequest;
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
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.TransferStore;
import java.time.Duration;
import java.util.List;

/** Fences, a stopped run, and the engine's continuous mode. */
class EngineControlTest {

    @DatabaseTest
    void an_edit_that_won_the_race_fences_the_engines_plan_and_nothing_is_written(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("race", "BANK_A", 1_000);
            ClaimedWorkItem item = f.transfers.claim("BANK_A", Priority.P1, 10, "node-1", f.clock.instant(),
                    Duration.ofSeconds(60)).get(0);
            AttemptKey key = item.occurrence().attempt(1);
            TransferRequest request = new TransferRequest(key.format(), s.spec().source(), s.spec().destination(),
                    s.spec().amount(), s.spec().memo(), f.clock.instant());
            TransferStore.Opening started = new TransferStore.Opening(item, ScheduleStatus.ACTIVE, s.version(),
                    new TransferStore.NewEvent(key, EventType.STARTED, f.clock.instant(), request, null, null, null),
                    TransferStore.FollowUp.keep());
            f.sql("UPDATE at_schedule SET status = 'CANCELLED', version = version + 1 WHERE id = " + s.id());

            assertThat(f.transfers.open(List.of(started), "node-1", f.clock.instant()))
                    .containsExactly(TransferStore.OpenResult.FENCED);
            assertThat(f.events(s.id(), TODAY)).isEmpty();

            // another node's token: fenced by the lease too
            f.sql("UPDATE at_schedule SET status = 'ACTIVE', version = version + 1 WHERE id = " + s.id());
            f.sql("UPDATE at_work_item SET lease_token = '00000000-0000-0000-0000-000000000000' WHERE id = "
                    + item.id());
            TransferStore.Opening again = new TransferStore.Opening(item, ScheduleStatus.ACTIVE, s.version() + 2,
                    started.event(), started.followUp());
            assertThat(f.transfers.open(List.of(again), "node-1", f.clock.instant()))
                    .containsExactly(TransferStore.OpenResult.FENCED);
            assertThat(f.events(s.id(), TODAY)).isEmpty();
            assertThat(f.bank.totalRequests()).isZero();
        }
    }

    @DatabaseTest
    void a_twin_decision_on_the_same_slot_is_refused_and_only_one_attempt_opens(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("twin", "BANK_A", 1_000);
            ClaimedWorkItem item = f.transfers.claim("BANK_A", Priority.P1, 10, "node-1", f.clock.instant(),
                    Duration.ofSeconds(60)).get(0);
            AttemptKey key = item.occurrence().attempt(1);
            TransferRequest request = new TransferRequest(key.format(), s.spec().source(), s.spec().destination(),
                    s.spec().amount(), s.spec().memo(), f.clock.instant());
            TransferStore.Opening start = new TransferStore.Opening(item, ScheduleStatus.ACTIVE, s.version(),
                    new TransferStore.NewEvent(key, EventType.STARTED, f.clock.instant(), request, null, null, null),
                    TransferStore.FollowUp.keep());
            TransferStore.Opening cancel = new TransferStore.Opening(item, ScheduleStatus.ACTIVE, s.version(),
                    TransferStore.NewEvent.of(key, EventType.CANCELLED, f.clock.instant(), null, "twin"),
                    TransferStore.FollowUp.done());

            assertThat(f.transfers.open(List.of(start, cancel), "node-1", f.clock.instant()))
                    .containsExactly(TransferStore.OpenResult.OPENED, TransferStore.OpenResult.REFUSED);
            assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED");
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE id = " + item.id()))
                    .as("the refused twin's follow-up did not delete the item").isEqualTo(1);
        }
    }

    @DatabaseTest
    void a_stopped_run_starts_no_new_attempt_but_resolves_open_ones(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule open = f.monthly("open-when-stopped", "BANK_A", 1_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.TIMEOUT_AFTER_EXECUTING);
            AutoTransferEngine engine = f.engine("node-1", c -> c.heartbeat(Duration.ofSeconds(1),
                    Duration.ofMinutes(5)));
            engine.runOnce();
            assertThat(f.events(open.id(), TODAY)).containsExactly("STARTED", "UNKNOWN");
            Schedule fresh = f.monthly("new-when-stopped", "BANK_A", 2_000);
            long runId = f.runs.find(TODAY).orElseThrow().id();
            assertThat(f.runs.transition(runId, RunStatus.RUNNING, RunStatus.STOPPED, f.clock.instant())).isTrue();

            f.clock.advance(Duration.ofSeconds(30));
            engine.runOnce();
            f.clock.advance(Duration.ofSeconds(30));
            engine.runOnce();

            assertThat(f.events(open.id(), TODAY)).containsExactly("STARTED", "UNKNOWN", "SUCCEEDED");
            assertThat(f.events(fresh.id(), TODAY)).isEmpty();
            assertThat(f.debits(fresh.id(), TODAY)).isEmpty();
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE pending_reason = 'RUN_STOPPED' AND schedule_id = "
                    + fresh.id())).isEqualTo(1);
        }
    }

    @DatabaseTest
    void start_works_continuously_and_close_returns_after_recording_everything(TestDatabase db) throws Exception {
        try (EngineFixture f = new EngineFixture(db)) {
            for (int i = 0; i < 30; i++) {
                f.monthly("continuous-" + i, EngineFixture.BANKS.get(i % 3), 1_000 + i);
            }
            AutoTransferEngine engine = f.engine("node-1", c -> c.workerThreads(2).pollInterval(Duration.ofMillis(20)));
            engine.start();
            assertThatThrownBy(engine::runOnce).isInstanceOf(IllegalStateException.class);
            // the engine's own threads do the work; the test waits for them, it does not sleep for time
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'SUCCEEDED'") == 30);
            engine.close();

            assertThat(f.bank.executedDebits()).hasSize(30);
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'SUCCEEDED'")).isEqualTo(30);
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE lease_owner IS NOT NULL"))
                    .as("no lease left behind").isZero();
            assertThat(f.runs.find(TODAY).orElseThrow().nodes()).singleElement()
                    .satisfies(n -> assertThat(n.status()).hasToString("STOPPED"));
            assertThatThrownBy(engine::runOnce).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @DatabaseTest
    void a_run_completes_when_nothing_is_due_before_the_end_of_its_business_date(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule failing = f.create(f.spec("completes", "BANK_A", 20_000_000)
                    .recurrence(dev.autotransfer.domain.Recurrence.monthly(TODAY, 25)).build());
            f.monthly("completes-ok", "BANK_B", 1_000);
            AutoTransferEngine engine = f.engine("node-1");

            engine.runOnce();
            assertThat(f.runs.find(TODAY).orElseThrow().status()).as("a retry is due today")
                    .isEqualTo(RunStatus.RUNNING);

            f.bank.deposit(failing.spec().source(), dev.autotransfer.bank.Money.krw(20_000_000));
            f.clock.advance(Duration.ofMinutes(1));
            engine.runOnce();
            assertThat(f.runs.find(TODAY).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(f.runs.find(TODAY).orElseThrow().endedAt()).isEqualTo(f.clock.instant());

            // work that falls due later the same day reopens the run, and it completes again
            f.monthly("completes-late", "BANK_C", 2_000);
            RunReport late = engine.runOnce();
            assertThat(late.succeeded()).isEqualTo(1);
            assertThat(f.runs.find(TODAY).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(f.runs.find(TODAY).orElseThrow().succeeded()).isEqualTo(3);
        }
    }

    @DatabaseTest
    void a_resume_that_races_the_engines_park_is_not_held_back_a_park_interval(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = f.monthly("resume-race", "BANK_A", 1_000);
            f.sql("UPDATE at_schedule SET status = 'PAUSED', version = version + 1 WHERE id = " + s.id());
            ClaimedWorkItem item = f.transfers.claim("BANK_A", Priority.P1, 10, "node-1", f.clock.instant(),
                    Duration.ofSeconds(60)).get(0);
            // the engine decided to park (schedule version 1) ...
            TransferStore.Recording park = new TransferStore.Recording(item, List.of(), TransferStore.FollowUp
                    .retryAt(f.clock.instant().plus(Duration.ofHours(1)), "PAUSED").withReleaseFence(1));
            // ... and the user's resume committed before the engine recorded it
            f.sql("UPDATE at_schedule SET status = 'ACTIVE', version = version + 1 WHERE id = " + s.id());

            assertThat(f.transfers.record(List.of(park), "node-1", f.clock.instant()))
                    .singleElement().satisfies(r -> assertThat(r.leaseHeld()).isTrue());
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE pending_reason = 'REDECIDE' AND schedule_id = "
                    + s.id())).isEqualTo(1);

            f.engine("node-2").runOnce();
            assertThat(f.debits(s.id(), TODAY)).hasSize(1);
        }
    }

    @DatabaseTest
    void the_jdbc_wiring_runs_on_the_databases_clock(TestDatabase db) {
        java.time.Clock real = java.time.Clock.systemUTC();
        dev.autotransfer.bank.sim.SimulatedBank bank = new dev.autotransfer.bank.sim.SimulatedBank(7, real,
                dev.autotransfer.bank.sim.Sleeper.none());
        bank.configure("BANK_A", dev.autotransfer.bank.sim.SimulatedBankConfig.custom().build());
        dev.autotransfer.bank.AccountRef source = dev.autotransfer.bank.AccountRef.of("BANK_A", "110-0000-0001");
        bank.openAccount(source, dev.autotransfer.bank.Money.krw(100_000));
        java.time.LocalDate today = java.time.LocalDate.now(real.withZone(java.time.ZoneId.of("Asia/Seoul")));
        dev.autotransfer.jdbc.AutoTransferDatabase database = dev.autotransfer.jdbc.AutoTransferDatabase
                .of(db.appPool(8));
        Schedule s = database.schedules().create(
                dev.autotransfer.domain.ScheduleSpec.builder()
                        .clientReference("db-clock")
                        .source(source)
                        .destination(dev.autotransfer.bank.AccountRef.of("OTHER", "990-0000-0001"))
                        .amount(dev.autotransfer.bank.Money.krw(1_000))
                        .recurrence(dev.autotransfer.domain.Recurrence.once(today))
                        .businessDayRule(dev.autotransfer.domain.BusinessDayRule.NONE)
                        .build(), EngineFixture.CREATOR);

        try (AutoTransferEngine engine = database
                .engine(dev.autotransfer.engine.BankDirectory.of(
                        java.util.Map.of("BANK_A", bank.client("BANK_A"))))
                .config(EngineFixture.testConfig().build())
                .nodeId("db-clock-node")
                .build()) {
            RunReport report = engine.runOnce();

            assertThat(report.succeeded()).isEqualTo(1);
            // keys carry the installation id as their prefix
            assertThat(bank.debitsByOccurrence()).containsOnlyKeys(
                    database.installationId() + "-" + s.id() + ":" + today);
        }
    }
}
