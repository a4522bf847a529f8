package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.START;
import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.config.EngineConfigBuilder;
import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.config.RolloutPolicy.Stage;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.RunStore.RunView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The gradual rollout as operators rely on it, judged by what the simulated bank executed: a stage's
 * cap holds across engines, the run moves on when a stage has lasted and is healthy, a failing bank
 * stops the run on every node (open attempts still resolved), business rejections do not, and a
 * resume lets new sends start again without being stopped by the old failures.
 */
class EngineRolloutTest {

    @DatabaseTest
    void a_stage_cap_holds_across_two_engines_and_what_waits_is_not_sent(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> a = schedules(f, "cap-a", "BANK_A", 12);
            List<Schedule> b = schedules(f, "cap-b", "BANK_B", 30);
            Consumer<EngineConfigBuilder> capped = rollout(RolloutPolicy.custom()
                    .stages(new Stage(25, Duration.ofMinutes(10))).reservationBlock(10).build());
            AutoTransferEngine node1 = f.engine("node-1", capped, w -> w.banks("BANK_A"));
            AutoTransferEngine node2 = f.engine("node-2", capped, w -> w.banks("BANK_B"));

            node1.runOnce();
            node2.runOnce();

            // node-1 reserved 10 + 10 and sent 12 (8 reserved, unused, lost); node-2 got the last 5
            assertThat(f.bank.executedDebits()).hasSizeLessThanOrEqualTo(25).hasSize(17);
            assertThat(executedAt(f, a)).isEqualTo(12);
            assertThat(executedAt(f, b)).isEqualTo(5);
            assertThat(f.runs.find(TODAY).orElseThrow().rollout().sendsReserved()).isEqualTo(25);
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'STARTED'"))
                    .as("what waits has no attempt").isEqualTo(17);
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE pending_reason = 'ROLLOUT_STAGE_CAP'"))
                    .isEqualTo(25);

            f.clock.advance(Duration.ofMinutes(9));
            node1.runOnce();
            node2.runOnce();
            assertThat(f.bank.executedDebits()).as("still in the first stage").hasSize(17);
        }
    }

    @DatabaseTest(dialects = {Dialect.POSTGRESQL, Dialect.MARIADB})
    void a_stage_cap_holds_with_two_engines_claiming_the_same_bank_at_once(TestDatabase db) throws Exception {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = schedules(f, "race", "BANK_A", 300);
            Consumer<EngineConfigBuilder> capped = c -> c.workerThreads(4).rollout(RolloutPolicy.custom()
                    .stages(new Stage(100, Duration.ofMinutes(10))).reservationBlock(10).build());
            AutoTransferEngine node1 = f.engine("node-1", capped);
            AutoTransferEngine node2 = f.engine("node-2", capped);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> one = pool.submit(node1::runOnce);
                Future<?> two = pool.submit(node2::runOnce);
                one.get();
                two.get();
            } finally {
                pool.shutdownNow();
            }

            // each node may end holding at most one block it did not use
            assertThat(executedAt(f, created)).isLessThanOrEqualTo(100).isGreaterThanOrEqualTo(80);
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
            assertThat(f.runs.find(TODAY).orElseThrow().rollout().sendsReserved()).isEqualTo(100);
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'STARTED'"))
                    .isEqualTo(executedAt(f, created));
        }
    }

    @DatabaseTest
    void a_healthy_run_moves_to_the_next_stage_when_the_stage_has_lasted_and_caps_count_from_the_start(
            TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = schedules(f, "stages", "BANK_A", 30);
            AutoTransferEngine engine = f.engine("node-1", rollout(RolloutPolicy.custom()
                    .stages(new Stage(10, Duration.ofMinutes(10)), new Stage(20, Duration.ofMinutes(10)))
                    .reservationBlock(5).build()));

            engine.runOnce();
            assertThat(f.bank.executedDebits()).hasSize(10);
            f.clock.advance(Duration.ofMinutes(9));
            engine.runOnce();
            assertThat(f.bank.executedDebits()).as("9 minutes in").hasSize(10);

            f.clock.advance(Duration.ofMinutes(1));
            engine.runOnce();
            RunView second = f.runs.find(TODAY).orElseThrow();
            assertThat(second.rollout().stage()).isEqualTo(1);
            assertThat(second.rollout().stageStartedAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
            assertThat(f.bank.executedDebits()).as("the second stage allows 20 in all").hasSize(20);

            f.clock.advance(Duration.ofMinutes(10));
            engine.runOnce();
            assertThat(f.runs.find(TODAY).orElseThrow().rollout().stage()).as("unlimited").isEqualTo(2);
            for (Schedule s : created) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
            assertThat(f.alarmKinds()).doesNotContain(Alarm.Kind.FAILURE_RATE_OVER_LIMIT);
        }
    }

    @DatabaseTest
    void a_bank_failing_over_the_limit_stops_the_run_on_every_node_and_open_attempts_are_still_resolved(
            TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Consumer<EngineConfigBuilder> judged = rollout(RolloutPolicy.custom().noStages()
                    .evaluationWindow(Duration.ofMinutes(1), 20).build());
            AutoTransferEngine node1 = f.engine("node-1", judged);
            AutoTransferEngine node2 = f.engine("node-2", judged);
            node2.runOnce();
            List<Schedule> first = schedules(f, "failing", "BANK_A", 30);
            // 5 of 30 time out after the bank executed them: over the 5% limit, under the breaker's 50%
            f.bank.scriptNextTransfer("BANK_A", Collections.nCopies(5, ScriptedFault.TIMEOUT_AFTER_EXECUTING)
                    .toArray(ScriptedFault[]::new));

            node1.runOnce();

            RunView stopped = f.runs.find(TODAY).orElseThrow();
            assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
            assertThat(stopped.rollout().stoppedAt()).isEqualTo(START);
            assertThat(stopped.rollout().stopReason()).contains("failure rate 16.7%", "5 of 30 outcomes");
            assertThat(f.alarms).filteredOn(alarm -> alarm.kind() == Alarm.Kind.FAILURE_RATE_OVER_LIMIT)
                    .singleElement().satisfies(alarm -> assertThat(alarm.detail()).contains("stopped"));

            List<Schedule> later = new ArrayList<>(schedules(f, "later-b", "BANK_B", 10));
            later.addAll(schedules(f, "later-c", "BANK_C", 10));
            f.clock.advance(Duration.ofMinutes(1));
            node2.runOnce();
            f.clock.advance(Duration.ofHours(1).plusMinutes(1));
            node1.runOnce();
            node2.runOnce();

            assertThat(executedAt(f, later)).as("no new send on either node").isZero();
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'STARTED'")).isEqualTo(30);
            for (Schedule s : first) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
                assertThat(f.events(s.id(), TODAY)).as("the unknown ones resolved by inquiry").contains("SUCCEEDED");
            }
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE pending_reason = 'RUN_STOPPED'"))
                    .isEqualTo(20);
            assertThat(f.alarmKinds()).containsOnlyOnce(Alarm.Kind.FAILURE_RATE_OVER_LIMIT);
        }
    }

    @DatabaseTest
    void business_rejections_do_not_stop_the_run(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db, bank -> bank.insufficientFundsProbability(0.5))) {
            AutoTransferEngine engine = f.engine("node-1", rollout(RolloutPolicy.custom().noStages()
                    .evaluationWindow(Duration.ofMinutes(1), 20).build()));
            schedules(f, "short", "BANK_A", 40);

            engine.runOnce();

            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'FAILED'"))
                    .as("many insufficient funds").isGreaterThan(10);
            assertThat(f.runs.find(TODAY).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            List<Schedule> later = schedules(f, "after", "BANK_B", 10);
            int before = f.bank.executedDebits().size();
            engine.runOnce();
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'STARTED' AND schedule_id >= "
                    + later.get(0).id())).as("new sends go on").isEqualTo(10);
            assertThat(f.bank.executedDebits().size()).isGreaterThan(before);
            assertThat(f.alarmKinds()).doesNotContain(Alarm.Kind.FAILURE_RATE_OVER_LIMIT);
        }
    }

    @DatabaseTest
    void a_resumed_run_sends_what_waited_and_its_old_failures_do_not_stop_it_again(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            AutoTransferEngine engine = f.engine("node-1", rollout(RolloutPolicy.custom().noStages()
                    .evaluationWindow(Duration.ofMinutes(5), 20).build()));
            schedules(f, "first", "BANK_A", 20);
            f.bank.scriptNextTransfer("BANK_A", Collections.nCopies(5, ScriptedFault.TIMEOUT_BEFORE_EXECUTING)
                    .toArray(ScriptedFault[]::new));
            engine.runOnce();
            RunView stopped = f.runs.find(TODAY).orElseThrow();
            assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
            List<Schedule> waiting = schedules(f, "waiting", "BANK_B", 20);
            f.clock.advance(Duration.ofSeconds(30));
            engine.runOnce();
            assertThat(executedAt(f, waiting)).isZero();

            assertThat(f.runs.resume(stopped.id(), f.clock.instant())).isTrue();
            f.clock.advance(Duration.ofSeconds(10));
            engine.runOnce();

            RunView resumed = f.runs.find(TODAY).orElseThrow();
            assertThat(resumed.status()).as("not stopped again by the old failures; everything due was sent")
                    .isEqualTo(RunStatus.COMPLETED);
            assertThat(resumed.rollout().evaluatedFrom()).isEqualTo(START.plusSeconds(30));
            assertThat(resumed.rollout().stopReason()).contains("failure rate");
            for (Schedule s : waiting) {
                assertThat(f.debits(s.id(), TODAY)).as("sent after the resume, once").hasSize(1);
            }
            assertThat(f.alarmKinds()).containsOnlyOnce(Alarm.Kind.FAILURE_RATE_OVER_LIMIT);
        }
    }

    private static Consumer<EngineConfigBuilder> rollout(RolloutPolicy policy) {
        return c -> c.rollout(policy);
    }

    private static long executedAt(EngineFixture f, List<Schedule> schedules) {
        return schedules.stream().mapToLong(s -> f.debits(s.id(), TODAY).size()).sum();
    }

    private static List<Schedule> schedules(EngineFixture f, String prefix, String bank, int n) {
        List<Schedule> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            created.add(f.monthly(prefix + "-" + i, bank, 1_000 + i));
        }
        return created;
    }

}
