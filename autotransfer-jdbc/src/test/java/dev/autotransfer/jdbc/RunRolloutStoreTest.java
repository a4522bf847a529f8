package dev.autotransfer.jdbc;

import static dev.autotransfer.jdbc.Runs.DAY;
import static dev.autotransfer.jdbc.Runs.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.jdbc.Concurrently.Outcome;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.RunStore.RolloutState;
import dev.autotransfer.spi.RunStore.RunRollout;
import dev.autotransfer.spi.RunStore.RunStatus;
import java.util.List;

/**
 * The run row's rollout as the fleet shares it: send reservations that never pass a stage's cap,
 * stage moves and stops that happen once, outcome samples summed over a window, and a resume that
 * starts a fresh window.
 */
class RunRolloutStoreTest {

    @DatabaseTest
    void a_new_run_is_in_its_first_stage_with_nothing_reserved_and_judged_from_its_start(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        store.join(DAY, "node-a", at(0));

        RunRollout rollout = store.find(DAY).orElseThrow().rollout();

        assertThat(rollout).isEqualTo(new RunRollout(0, at(0), 0, at(0), null, null));
    }

    @DatabaseTest
    void concurrent_reservations_never_pass_the_cap_and_the_last_one_gets_the_rest(TestDatabase db)
            throws InterruptedException {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();

        List<Outcome<Long>> outcomes = Concurrently.run(6, i -> () -> {
            long mine = 0;
            for (long granted = 1; granted > 0; ) {
                granted = store.reserveSends(runId, 0, 1_000, 70);
                assertThat(granted).isBetween(0L, 70L);
                mine += granted;
            }
            return mine;
        });

        assertThat(outcomes).extracting(Outcome::failure).containsOnlyNulls();
        assertThat(outcomes.stream().mapToLong(Outcome::value).sum()).isEqualTo(1_000);
        assertThat(store.find(DAY).orElseThrow().rollout().sendsReserved()).isEqualTo(1_000);
        assertThat(store.reserveSends(runId, 0, 1_000, 1)).as("the cap is reached").isZero();
        assertThat(store.reserveSends(runId, 0, 1_030, 100)).as("only what is left below a higher cap")
                .isEqualTo(30);
    }

    @DatabaseTest
    void a_reservation_is_refused_for_another_stage_and_for_a_run_not_running(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();

        assertThat(store.reserveSends(runId, 1, 1_000, 10)).as("the run is in stage 0").isZero();
        assertThat(store.advanceStage(runId, 0, at(60))).isTrue();
        assertThat(store.reserveSends(runId, 1, 1_000, 10)).isEqualTo(10);
        assertThat(store.stop(runId, "operator", at(70))).isTrue();
        assertThat(store.reserveSends(runId, 1, 1_000, 10)).as("stopped").isZero();
        assertThat(store.find(DAY).orElseThrow().rollout().sendsReserved()).isEqualTo(10);
    }

    @DatabaseTest
    void of_concurrent_stage_moves_from_the_same_stage_exactly_one_happens(TestDatabase db)
            throws InterruptedException {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();

        List<Outcome<Boolean>> outcomes = Concurrently.run(4, i -> () -> store.advanceStage(runId, 0, at(600 + i)));

        assertThat(outcomes).extracting(Outcome::failure).containsOnlyNulls();
        assertThat(outcomes).extracting(Outcome::value).containsOnlyOnce(true);
        int winner = outcomes.stream().map(Outcome::value).toList().indexOf(true);
        RunRollout rollout = store.find(DAY).orElseThrow().rollout();
        assertThat(rollout.stage()).isEqualTo(1);
        assertThat(rollout.stageStartedAt()).isEqualTo(at(600 + winner));
    }

    @DatabaseTest
    void outcome_samples_of_every_node_are_summed_within_the_window(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();
        store.join(DAY, "node-b", at(0));
        store.addOutcomes(runId, "node-a", at(10), 100, 1);
        store.addOutcomes(runId, "node-b", at(70), 50, 5);
        store.addOutcomes(runId, "node-a", at(80), 40, 4);

        RolloutState window = store.rolloutState(runId, at(60));

        assertThat(window.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(window.outcomes()).isEqualTo(90);
        assertThat(window.failures()).isEqualTo(9);
        assertThat(store.rolloutState(runId, at(0)).outcomes()).isEqualTo(190);
        assertThat(store.rolloutState(runId, at(81)).outcomes()).isZero();
    }

    @DatabaseTest
    void a_stop_happens_once_with_its_reason_and_a_resume_judges_only_later_outcomes(TestDatabase db)
            throws InterruptedException {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();
        store.addOutcomes(runId, "node-a", at(10), 100, 20);

        List<Outcome<Boolean>> stops = Concurrently.run(3, i -> () -> store.stop(runId, "failure rate " + i, at(20)));

        assertThat(stops).extracting(Outcome::value).containsOnlyOnce(true);
        int winner = stops.stream().map(Outcome::value).toList().indexOf(true);
        var stopped = store.find(DAY).orElseThrow();
        assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(stopped.endedAt()).isEqualTo(at(20));
        assertThat(stopped.rollout().stoppedAt()).isEqualTo(at(20));
        assertThat(stopped.rollout().stopReason()).isEqualTo("failure rate " + winner);
        assertThat(store.resume(runId, at(30))).isTrue();
        assertThat(store.resume(runId, at(31))).as("no longer STOPPED").isFalse();

        var resumed = store.find(DAY).orElseThrow();
        assertThat(resumed.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(resumed.endedAt()).isNull();
        assertThat(resumed.rollout().evaluatedFrom()).isEqualTo(at(30));
        assertThat(resumed.rollout().stageStartedAt()).as("the stage begins again").isEqualTo(at(30));
        assertThat(resumed.rollout().stopReason()).as("kept for the record").isEqualTo("failure rate " + winner);
        assertThat(store.rolloutState(runId, at(0)).outcomes()).as("old failures do not judge it again").isZero();
        store.addOutcomes(runId, "node-a", at(40), 10, 0);
        assertThat(store.rolloutState(runId, at(0)).outcomes()).isEqualTo(10);
    }

    @DatabaseTest
    void bad_rollout_arguments_are_refused_naming_the_argument_and_value(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();

        assertThatThrownBy(() -> store.reserveSends(runId, -1, 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage").hasMessageContaining("-1");
        assertThatThrownBy(() -> store.reserveSends(runId, 0, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("block=0");
        assertThatThrownBy(() -> store.addOutcomes(runId, "node-a", at(1), 5, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failures=6");
        assertThatThrownBy(() -> store.stop(runId, " ", at(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> store.rolloutState(999, at(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("999");
        assertThat(store.find(DAY).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }
}
