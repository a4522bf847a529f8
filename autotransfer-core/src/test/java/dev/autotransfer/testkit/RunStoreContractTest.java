package dev.autotransfer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.spi.RunStore;
import dev.autotransfer.spi.RunStore.NodeProgress;
import dev.autotransfer.spi.RunStore.NodeStatus;
import dev.autotransfer.spi.RunStore.RolloutState;
import dev.autotransfer.spi.RunStore.RunMembership;
import dev.autotransfer.spi.RunStore.RunNode;
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.RunStore.RunView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link RunStore} contract as JUnit tests: extend it, return a fresh, empty store from
 * {@link #runStore()}, and run it with your tests. autotransfer's in-memory and JDBC stores run it.
 *
 * <p>It checks joins (one run per business date however many nodes race, a rejoin keeps the node's
 * first join and counters), heartbeats (counters summed over nodes, last progress never moving back,
 * a node that never joined refused), marking silent nodes lost (each by exactly one caller),
 * conditional status transitions, send reservations that never pass the cap across concurrent
 * callers, stops learned at the next heartbeat, resumes that judge only new outcomes, stages that
 * move once, and whether a node was alive at an instant.
 *
 * <p>JUnit creates an instance per test; the hook is called in the test body and should answer the
 * same store throughout one test.
 */
public abstract class RunStoreContractTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    private RunStore store;

    /** The store under test, empty at the start of each test. */
    protected abstract RunStore runStore();

    private RunStore s() {
        if (store == null) {
            store = runStore();
        }
        return store;
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void nodes_joining_one_date_together_make_one_run() throws InterruptedException {
        List<RunMembership> joined = Together.run(8, i -> () -> s().join(DAY, "node-" + i, t(0)));
        assertThat(joined).extracting(RunMembership::runId).containsOnly(joined.get(0).runId());
        assertThat(joined).extracting(RunMembership::status).containsOnly(RunStatus.RUNNING);
        RunView run = s().find(DAY).orElseThrow();
        assertThat(run.nodes()).hasSize(8).extracting(RunNode::status).containsOnly(NodeStatus.ACTIVE);
        assertThat(run.nodes()).extracting(RunNode::nodeId).isSorted();
    }

    @Test
    void a_node_that_joins_again_keeps_its_first_join_and_its_counters() {
        long run = s().join(DAY, "node-a", t(0)).runId();
        s().heartbeat(run, "node-a", t(10), new NodeProgress(5, 4, 1));
        s().leave(run, "node-a", t(20));
        assertThat(node(run, "node-a").status()).isEqualTo(NodeStatus.STOPPED);

        assertThat(s().join(DAY, "node-a", t(30)).runId()).isEqualTo(run);
        RunNode node = node(run, "node-a");
        assertThat(node.status()).isEqualTo(NodeStatus.ACTIVE);
        assertThat(node.startedAt()).isEqualTo(t(0));
        assertThat(node.heartbeatAt()).isEqualTo(t(30));
        assertThat(List.of(node.processed(), node.succeeded(), node.failed())).containsExactly(5L, 4L, 1L);
    }

    @Test
    void heartbeats_sum_progress_over_nodes_and_never_move_last_progress_back() {
        long run = s().join(DAY, "node-a", t(0)).runId();
        s().join(DAY, "node-b", t(0));
        assertThat(s().heartbeat(run, "node-a", t(20), new NodeProgress(3, 2, 1))).isEqualTo(RunStatus.RUNNING);
        s().heartbeat(run, "node-b", t(10), new NodeProgress(4, 4, 0));
        s().heartbeat(run, "node-b", t(30), NodeProgress.NONE);

        RunView view = s().find(DAY).orElseThrow();
        assertThat(List.of(view.processed(), view.succeeded(), view.failed())).containsExactly(7L, 6L, 1L);
        assertThat(view.lastProgressAt()).isEqualTo(t(20));
    }

    @Test
    void a_heartbeat_or_leave_of_a_node_that_never_joined_is_refused() {
        long run = s().join(DAY, "node-a", t(0)).runId();
        assertThatThrownBy(() -> s().heartbeat(run, "node-x", t(1), NodeProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node-x");
        assertThatThrownBy(() -> s().leave(run, "node-x", t(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node-x");
        assertThatThrownBy(() -> s().join(DAY, "n".repeat(65), t(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeId");
    }

    @Test
    void a_silent_node_is_marked_lost_by_exactly_one_caller() throws InterruptedException {
        long run = s().join(DAY, "node-a", t(0)).runId();
        s().join(DAY, "node-b", t(0));
        s().join(DAY, "node-c", t(0));
        s().heartbeat(run, "node-a", t(100), NodeProgress.NONE);

        List<List<String>> reports = Together.run(6, i -> () -> s().markLostNodes(run, t(50)));
        List<String> marked = new ArrayList<>();
        reports.forEach(marked::addAll);
        assertThat(marked).containsExactlyInAnyOrder("node-b", "node-c");
        assertThat(node(run, "node-a").status()).isEqualTo(NodeStatus.ACTIVE);
        assertThat(node(run, "node-b").status()).isEqualTo(NodeStatus.LOST);
    }

    @Test
    void a_status_moves_only_from_the_status_the_caller_saw() {
        long run = s().join(DAY, "node-a", t(0)).runId();
        assertThat(s().transition(run, RunStatus.RUNNING, RunStatus.COMPLETED, t(10))).isTrue();
        assertThat(s().transition(run, RunStatus.RUNNING, RunStatus.FAILED, t(11))).isFalse();
        assertThat(s().find(DAY).orElseThrow().endedAt()).isEqualTo(t(10));

        assertThat(s().transition(run, RunStatus.COMPLETED, RunStatus.RUNNING, t(20))).isTrue();
        RunView view = s().find(DAY).orElseThrow();
        assertThat(view.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(view.endedAt()).isNull();
    }

    @Test
    void concurrent_reservations_never_pass_the_cap() throws InterruptedException {
        long run = s().join(DAY, "node-a", t(0)).runId();
        List<Long> granted = Together.run(8, i -> () -> {
            long mine = 0;
            for (long got = s().reserveSends(run, 0, 100, 3); got > 0; got = s().reserveSends(run, 0, 100, 3)) {
                mine += got;
            }
            return mine;
        });
        assertThat(granted.stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        assertThat(s().reserveSends(run, 0, 100, 1)).isZero();
        assertThat(s().reserveSends(run, 1, 100, 1)).isZero();
        assertThat(s().find(DAY).orElseThrow().rollout().sendsReserved()).isEqualTo(100);
    }

    @Test
    void a_stop_is_learned_at_the_next_heartbeat_and_a_resume_judges_only_new_outcomes() {
        long run = s().join(DAY, "node-a", t(0)).runId();
        s().addOutcomes(run, "node-a", t(5), 10, 5);
        assertThat(s().stop(run, "too many failures", t(10))).isTrue();
        assertThat(s().stop(run, "again", t(11))).isFalse();
        assertThat(s().heartbeat(run, "node-a", t(12), NodeProgress.NONE)).isEqualTo(RunStatus.STOPPED);
        assertThat(s().reserveSends(run, 0, 100, 10)).isZero();

        assertThat(s().resume(run, t(20))).isTrue();
        assertThat(s().resume(run, t(21))).isFalse();
        RolloutState resumed = s().rolloutState(run, t(0));
        assertThat(resumed.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(resumed.outcomes()).isZero();
        assertThat(resumed.rollout().evaluatedFrom()).isEqualTo(t(20));
        assertThat(resumed.rollout().stopReason()).isEqualTo("too many failures");
        assertThat(resumed.rollout().stoppedAt()).isEqualTo(t(10));

        s().addOutcomes(run, "node-a", t(25), 3, 1);
        RolloutState later = s().rolloutState(run, t(0));
        assertThat(List.of(later.outcomes(), later.failures())).containsExactly(3L, 1L);
        assertThatThrownBy(() -> s().rolloutState(run + 1000, t(0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_stage_moves_once_however_many_nodes_move_it() throws InterruptedException {
        long run = s().join(DAY, "node-a", t(0)).runId();
        List<Boolean> moved = Together.run(6, i -> () -> s().advanceStage(run, 0, t(10)));
        assertThat(moved).filteredOn(b -> b).hasSize(1);
        RunView view = s().find(DAY).orElseThrow();
        assertThat(view.rollout().stage()).isEqualTo(1);
        assertThat(view.rollout().stageStartedAt()).isEqualTo(t(10));
    }

    @Test
    void whether_a_node_was_alive_is_read_from_joins_and_heartbeats() {
        long run = s().join(DAY, "node-a", t(100)).runId();
        s().heartbeat(run, "node-a", t(200), NodeProgress.NONE);
        assertThat(s().anyNodeAliveAt(t(150), Duration.ZERO)).isTrue();
        assertThat(s().anyNodeAliveAt(t(50), Duration.ofHours(1))).isFalse();
        assertThat(s().anyNodeAliveAt(t(300), Duration.ofSeconds(60))).isFalse();
        assertThat(s().anyNodeAliveAt(t(250), Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void runs_are_listed_newest_date_first() {
        s().join(DAY, "node-a", t(0));
        s().join(DAY.plusDays(1), "node-a", t(86_400));
        s().join(DAY.minusDays(1), "node-a", t(0));
        assertThat(s().list(DAY.minusDays(1), DAY.plusDays(1))).extracting(RunView::businessDate)
                .containsExactly(DAY.plusDays(1), DAY, DAY.minusDays(1));
        assertThat(s().list(DAY, DAY)).hasSize(1);
        assertThat(s().find(DAY.plusDays(5))).isEmpty();
    }

    private RunNode node(long run, String nodeId) {
        return s().find(DAY).orElseThrow().nodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> new AssertionError("run " + run + " has no node " + nodeId));
    }
}
