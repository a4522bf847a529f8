package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The run's alarms as a listener sees them: a run past its maximum duration, a run without progress
 * while work is due, and a clock too far from the time source, with what the bank received meanwhile.
 */
class EngineRunAlarmTest {

    @DatabaseTest
    void a_run_still_running_past_its_maximum_duration_is_alarmed_once_at_a_heartbeat_while_it_works(
            TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = monthly(f, "long-run", "BANK_A", 30);
            AtomicInteger chunks = new AtomicInteger();
            List<Integer> chunksAtAlarm = new ArrayList<>();
            // every chunk takes twenty minutes of the run's time
            EngineListener slowChunks = new EngineListener() {
                @Override
                public void claimed(String bankCode, Priority priority, int count) {
                    chunks.incrementAndGet();
                    f.clock.advance(Duration.ofMinutes(20));
                }

                @Override
                public void alarm(Alarm alarm) {
                    if (alarm.kind() == Alarm.Kind.RUN_OVER_MAX_DURATION) {
                        chunksAtAlarm.add(chunks.get());
                    }
                }
            };
            // a node is lost after an hour without a heartbeat: a chunk of twenty minutes keeps its share
            // of the bank's quota (a share lapses a heartbeat interval before the node counts as lost)
            AutoTransferEngine engine = f.engine("node-1", c -> c.chunkSize(5).runMaxDuration(Duration.ofHours(1))
                    .heartbeat(Duration.ofSeconds(10), Duration.ofHours(1)), w -> w.listener(slowChunks));

            engine.runOnce();

            assertThat(chunks).hasValue(6);
            // raised by the heartbeat after the fourth chunk (80 minutes in), not only when the pass ended
            assertThat(chunksAtAlarm).containsExactly(4);
            Alarm alarm = f.alarms.stream().filter(a -> a.kind() == Alarm.Kind.RUN_OVER_MAX_DURATION).findFirst()
                    .orElseThrow();
            assertThat(alarm.at()).isEqualTo(EngineFixture.START.plus(Duration.ofMinutes(80)));
            assertThat(alarm.detail()).contains("still RUNNING after PT1H");
            for (Schedule s : created) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }

            f.clock.advance(Duration.ofMinutes(30));
            engine.runOnce();
            assertThat(f.alarmKinds()).as("once per run").containsOnlyOnce(Alarm.Kind.RUN_OVER_MAX_DURATION);
        }
    }

    @DatabaseTest
    void due_work_of_a_bank_no_engine_serves_raises_one_no_progress_alarm_and_nothing_is_sent(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = monthly(f, "unserved", "BANK_B", 3);
            AutoTransferEngine engine = f.engine("node-1", c -> c.noProgressAlarmAfter(Duration.ofMinutes(5)),
                    w -> w.banks("BANK_A"));

            assertThat(engine.runOnce().claimed()).isZero();
            assertThat(f.alarmKinds()).doesNotContain(Alarm.Kind.RUN_WITHOUT_PROGRESS);

            f.clock.advance(Duration.ofMinutes(6));
            engine.runOnce();

            assertThat(f.alarms).filteredOn(a -> a.kind() == Alarm.Kind.RUN_WITHOUT_PROGRESS).singleElement()
                    .satisfies(a -> assertThat(a.detail()).contains("3 work items are due"));
            f.clock.advance(Duration.ofMinutes(6));
            engine.runOnce();
            assertThat(f.alarmKinds()).as("once per stall").containsOnlyOnce(Alarm.Kind.RUN_WITHOUT_PROGRESS);
            assertThat(f.bank.totalRequests()).isZero();
            for (Schedule s : created) {
                assertThat(f.events(s.id(), TODAY)).isEmpty();
            }

            // an engine that serves the bank makes the progress
            f.engine("node-2", c -> { }).runOnce();
            for (Schedule s : created) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
        }
    }

    @DatabaseTest
    void a_bank_whose_circuit_stays_open_leaves_its_due_work_without_progress_and_raises_the_alarm(
            TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            f.bank.configure("BANK_A", SimulatedBankConfig.custom().requestsPerSecond(1_000_000)
                    .outage(EngineFixture.START.minusSeconds(1), EngineFixture.START.plus(Duration.ofDays(1))).build());
            List<Schedule> created = monthly(f, "down", "BANK_A", 30);
            AutoTransferEngine engine = f.engine("node-1", c -> c.circuitBreaker(50, 5, Duration.ofHours(1))
                    .noProgressAlarmAfter(Duration.ofMinutes(5)));

            engine.runOnce();
            assertThat(f.alarmKinds()).contains(Alarm.Kind.CIRCUIT_OPEN).doesNotContain(Alarm.Kind.RUN_WITHOUT_PROGRESS);
            long requestsBefore = f.bank.totalRequests();
            assertThat(requestsBefore).as("the circuit opened within the first chunk").isBetween(5L, 10L);

            f.clock.advance(Duration.ofMinutes(6));
            RunReport stalled = engine.runOnce();

            assertThat(stalled.claimed()).isZero();
            assertThat(f.bank.totalRequests()).as("nothing sent while the circuit is open").isEqualTo(requestsBefore);
            assertThat(f.alarms).filteredOn(a -> a.kind() == Alarm.Kind.RUN_WITHOUT_PROGRESS).singleElement()
                    .satisfies(a -> assertThat(a.detail()).contains("work items are due"));
            assertThat(f.bank.executedDebits()).isEmpty();
            for (Schedule s : created) {
                assertThat(f.events(s.id(), TODAY)).doesNotContain("SUCCEEDED", "DEAD_LETTERED");
            }
        }
    }

    @DatabaseTest
    void the_runs_progress_counts_each_call_made_once_and_a_call_not_sent_not_at_all(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            f.bank.configure("BANK_B", SimulatedBankConfig.custom().requestsPerSecond(1_000_000)
                    .outage(EngineFixture.START.minusSeconds(1), EngineFixture.START.plus(Duration.ofDays(1))).build());
            monthly(f, "paid", "BANK_A", 10);
            monthly(f, "refused", "BANK_B", 10);
            AutoTransferEngine engine = f.engine("node-1", c -> c.circuitBreaker(50, 5, Duration.ofHours(1)));

            engine.runOnce();

            // BANK_B refused five calls before its circuit opened; the other five were never sent
            assertThat(f.bank.totalRequests()).isEqualTo(15);
            assertThat(f.bank.executedDebits()).hasSize(10);
            var run = f.runs.find(TODAY).orElseThrow();
            assertThat(run.succeeded()).isEqualTo(10);
            assertThat(run.failed()).isEqualTo(5);
            assertThat(run.processed()).as("one per bank call made").isEqualTo(15);
        }
    }

    @DatabaseTest
    void a_clock_too_far_from_the_time_source_claims_nothing_and_sends_nothing(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = monthly(f, "skewed", "BANK_A", 3);
            AtomicReference<Duration> skew = new AtomicReference<>(Duration.ofSeconds(6));
            AutoTransferEngine engine = f.engine("node-1", c -> c.maxClockSkew(Duration.ofSeconds(5)),
                    w -> w.timeSource(skewed(f, skew)));

            RunReport report = engine.runOnce();

            assertThat(report.claimed()).isZero();
            assertThat(f.alarms).filteredOn(a -> a.kind() == Alarm.Kind.CLOCK_SKEW).singleElement()
                    .satisfies(a -> assertThat(a.detail()).contains("PT6S"));
            assertThat(f.bank.totalRequests()).isZero();
            assertThat(f.count("SELECT COUNT(*) FROM at_history")).isZero();
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE lease_owner IS NOT NULL")).isZero();

            skew.set(Duration.ofSeconds(1));
            engine.runOnce();

            for (Schedule s : created) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
        }
    }

    @DatabaseTest
    void a_clock_skew_measured_during_a_pass_stops_claiming_before_the_next_chunk(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = monthly(f, "skew-later", "BANK_A", 30);
            AtomicReference<Duration> skew = new AtomicReference<>(Duration.ZERO);
            AtomicInteger claims = new AtomicInteger();
            EngineListener skewAfterFirstClaim = new EngineListener() {
                @Override
                public void claimed(String bankCode, Priority priority, int count) {
                    if (claims.incrementAndGet() == 1) {
                        skew.set(Duration.ofSeconds(6));
                    }
                }
            };
            AutoTransferEngine engine = f.engine("node-1", c -> c.chunkSize(5),
                    w -> w.timeSource(skewed(f, skew)).listener(skewAfterFirstClaim));

            RunReport report = engine.runOnce();

            assertThat(report.claimed()).as("the chunk claimed before the skew was measured").isEqualTo(5);
            assertThat(f.bank.executedDebits()).hasSize(5);
            assertThat(f.alarmKinds()).contains(Alarm.Kind.CLOCK_SKEW);
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE lease_owner IS NOT NULL")).isZero();
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'STARTED'")).isEqualTo(5);

            skew.set(Duration.ZERO);
            engine.runOnce();
            for (Schedule s : created) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
        }
    }

    private static TimeSource skewed(EngineFixture f, AtomicReference<Duration> skew) {
        return new TimeSource() {
            @Override
            public Instant now() {
                return f.clock.instant();
            }

            @Override
            public Optional<Duration> skew() {
                return Optional.of(skew.get());
            }
        };
    }

    private static List<Schedule> monthly(EngineFixture f, String prefix, String bank, int n) {
        List<Schedule> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            created.add(f.monthly(prefix + "-" + i, bank, 1_000 + i));
        }
        return created;
    }
}
