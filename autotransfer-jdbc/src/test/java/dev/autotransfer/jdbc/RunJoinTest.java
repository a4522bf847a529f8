package dev.autotransfer.jdbc;

import static dev.autotransfer.jdbc.Runs.DAY;
import static dev.autotransfer.jdbc.Runs.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.Concurrently.Outcome;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.RunStore.NodeProgress;
import dev.autotransfer.spi.RunStore.NodeStatus;
import dev.autotransfer.spi.RunStore.RunMembership;
import dev.autotransfer.spi.RunStore.RunNode;
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.RunStore.RunView;
import java.util.ArrayList;
import java.util.List;

/** Joining is idempotent and race-safe: one run per business date, one row per node of it. */
class RunJoinTest {

    private static final int THREADS = 8;
    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");

    @DatabaseTest
    void the_first_join_creates_the_run_running_since_then_with_the_node_active(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);

        RunMembership membership = store.join(DAY, "node-a", at(0));

        assertThat(membership.businessDate()).isEqualTo(DAY);
        assertThat(membership.status()).isEqualTo(RunStatus.RUNNING);
        RunView run = store.find(DAY).orElseThrow();
        assertThat(run.id()).isEqualTo(membership.runId());
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.startedAt()).isEqualTo(at(0));
        assertThat(run.endedAt()).isNull();
        assertThat(run.lastProgressAt()).isNull();
        assertThat(run.nodes()).containsExactly(new RunNode("node-a", NodeStatus.ACTIVE, at(0), at(0), 0, 0, 0));
    }

    @DatabaseTest
    void joining_twice_is_one_run_and_one_node_row_keeping_started_at_and_counters(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);

        RunMembership first = store.join(DAY, "node-a", at(0));
        store.heartbeat(first.runId(), "node-a", at(5), new NodeProgress(3, 2, 1));
        RunMembership second = store.join(DAY, "node-a", at(10));

        assertThat(second).isEqualTo(first);
        assertThat(Runs.count(db, "at_run")).isEqualTo(1);
        assertThat(Runs.count(db, "at_run_node")).isEqualTo(1);
        assertThat(store.find(DAY).orElseThrow().nodes())
                .containsExactly(new RunNode("node-a", NodeStatus.ACTIVE, at(0), at(10), 3, 2, 1));
    }

    @DatabaseTest
    void another_business_date_is_another_run(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);

        RunMembership today = store.join(DAY, "node-a", at(0));
        RunMembership tomorrow = store.join(DAY.plusDays(1), "node-a", at(1));

        assertThat(tomorrow.runId()).isNotEqualTo(today.runId());
        assertThat(tomorrow.businessDate()).isEqualTo(DAY.plusDays(1));
        assertThat(Runs.count(db, "at_run")).isEqualTo(2);
        assertThat(Runs.count(db, "at_run_node")).isEqualTo(2);
    }

    @DatabaseTest
    void a_join_answers_the_status_as_stored(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();
        store.transition(runId, RunStatus.RUNNING, RunStatus.STOPPED, at(1));

        assertThat(store.join(DAY, "node-b", at(2)).status()).isEqualTo(RunStatus.STOPPED);
    }

    @DatabaseTest
    void eight_threads_joining_as_three_nodes_at_once_make_one_run_with_three_node_rows(TestDatabase db)
            throws InterruptedException {
        JdbcRunStore store = Runs.store(db);

        // every thread joins as all three nodes, each starting with another one
        List<Outcome<List<RunMembership>>> outcomes = Concurrently.run(THREADS, i -> () -> {
            List<RunMembership> joined = new ArrayList<>();
            for (int n = 0; n < NODES.size(); n++) {
                joined.add(store.join(DAY, NODES.get((i + n) % NODES.size()), at(i)));
            }
            return joined;
        });

        assertThat(outcomes).extracting(Outcome::failure).containsOnlyNulls();
        RunView run = store.find(DAY).orElseThrow();
        assertThat(outcomes).flatExtracting(Outcome::value).hasSize(THREADS * NODES.size())
                .containsOnly(new RunMembership(run.id(), DAY, RunStatus.RUNNING));
        assertThat(Runs.count(db, "at_run")).isEqualTo(1);
        assertThat(Runs.count(db, "at_run_node")).isEqualTo(NODES.size());
        assertThat(run.nodes()).extracting(RunNode::nodeId).containsExactlyElementsOf(NODES);
        assertThat(run.nodes()).extracting(RunNode::status).containsOnly(NodeStatus.ACTIVE);
    }
}
