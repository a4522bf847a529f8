package dev.autotransfer.jdbc;

import static dev.autotransfer.jdbc.Runs.DAY;
import static dev.autotransfer.jdbc.Runs.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.RunStore.NodeProgress;
import dev.autotransfer.spi.RunStore.NodeStatus;
import dev.autotransfer.spi.RunStore.RunNode;
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.RunStore.RunView;
import java.util.Map;

/**
 * Heartbeats count progress on the node's own row, summed over nodes on read (no shared counter
 * row, hard case 11), and move the run's last progress time forward only when something was processed.
 */
class RunProgressTest {

    @DatabaseTest
    void heartbeats_add_up_per_node_and_the_run_shows_the_sum_over_its_nodes(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-b", at(0)).runId();
        store.join(DAY, "node-a", at(0));

        store.heartbeat(runId, "node-a", at(1), new NodeProgress(5, 4, 1));
        store.heartbeat(runId, "node-b", at(2), new NodeProgress(7, 7, 0));
        store.heartbeat(runId, "node-a", at(3), new NodeProgress(2, 1, 1));
        store.heartbeat(runId, "node-b", at(4), NodeProgress.NONE);

        RunView run = store.find(DAY).orElseThrow();
        assertThat(run.nodes()).containsExactly(
                new RunNode("node-a", NodeStatus.ACTIVE, at(0), at(3), 7, 5, 2),
                new RunNode("node-b", NodeStatus.ACTIVE, at(0), at(4), 7, 7, 0));
        assertThat(run.processed()).isEqualTo(14);
        assertThat(run.succeeded()).isEqualTo(12);
        assertThat(run.failed()).isEqualTo(2);
        Map<String, Object> runRow = db.appJdbi().withHandle(h -> h.createQuery(
                "SELECT processed, succeeded, failed FROM at_run WHERE id = :id").bind("id", runId).mapToMap().one());
        assertThat(runRow.values()).as("the shared run row is never written by a heartbeat's counters")
                .allSatisfy(count -> assertThat(((Number) count).longValue()).isZero());
    }

    @DatabaseTest
    void last_progress_moves_only_on_a_heartbeat_that_processed_something_and_never_back(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();
        store.join(DAY, "node-b", at(0));

        store.heartbeat(runId, "node-a", at(10), NodeProgress.NONE);
        assertThat(store.find(DAY).orElseThrow().lastProgressAt()).as("no progress yet").isNull();

        store.heartbeat(runId, "node-a", at(20), new NodeProgress(1, 1, 0));
        assertThat(store.find(DAY).orElseThrow().lastProgressAt()).isEqualTo(at(20));

        store.heartbeat(runId, "node-a", at(30), NodeProgress.NONE);
        store.heartbeat(runId, "node-a", at(31), new NodeProgress(0, 0, 0));
        assertThat(store.find(DAY).orElseThrow().lastProgressAt()).as("heartbeats without progress").isEqualTo(at(20));

        store.heartbeat(runId, "node-b", at(15), new NodeProgress(2, 2, 0));
        assertThat(store.find(DAY).orElseThrow().lastProgressAt()).as("a node whose clock lags").isEqualTo(at(20));

        store.heartbeat(runId, "node-b", at(40), new NodeProgress(1, 0, 1));
        RunView run = store.find(DAY).orElseThrow();
        assertThat(run.lastProgressAt()).isEqualTo(at(40));
        assertThat(run.processed()).isEqualTo(4);
    }

    @DatabaseTest
    void a_heartbeat_answers_the_run_status_decided_elsewhere(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();
        store.join(DAY, "node-b", at(0));

        assertThat(store.heartbeat(runId, "node-a", at(1), NodeProgress.NONE)).isEqualTo(RunStatus.RUNNING);
        store.transition(runId, RunStatus.RUNNING, RunStatus.STOPPED, at(2));

        assertThat(store.heartbeat(runId, "node-a", at(3), new NodeProgress(1, 1, 0))).isEqualTo(RunStatus.STOPPED);
    }

    @DatabaseTest
    void heartbeats_are_kept_to_the_microsecond(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();

        store.heartbeat(runId, "node-a", at(1).plusNanos(123_456_789), new NodeProgress(1, 1, 0));

        RunView run = store.find(DAY).orElseThrow();
        assertThat(run.nodes().get(0).heartbeatAt()).isEqualTo(at(1).plusNanos(123_456_000));
        assertThat(run.lastProgressAt()).isEqualTo(at(1).plusNanos(123_456_000));
    }
}
