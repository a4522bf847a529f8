package dev.autotransfer.jdbc;

import static dev.autotransfer.jdbc.Runs.DAY;
import static dev.autotransfer.jdbc.Runs.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.autotransfer.jdbc.Concurrently.Outcome;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.RunStore.NodeProgress;
import dev.autotransfer.spi.RunStore.NodeStatus;
import dev.autotransfer.spi.RunStore.RunNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;

/** Node liveness: silent nodes are marked LOST once, a rejoin revives them, and "was a node alive then". */
class RunLivenessTest {

    private static final Duration TOLERANCE = Duration.ofSeconds(30);

    @DatabaseTest
    void only_active_nodes_of_the_run_silent_since_before_the_bound_are_marked_lost(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "stale", at(0)).runId();
        store.join(DAY, "fresh", at(0));
        store.join(DAY, "at-bound", at(0));
        store.join(DAY, "left", at(0));
        store.join(DAY.minusDays(1), "stale", at(0)); // another run's row, as silent
        store.heartbeat(runId, "fresh", at(90), NodeProgress.NONE);
        store.heartbeat(runId, "at-bound", at(60), NodeProgress.NONE);
        store.leave(runId, "left", at(5));

        List<String> marked = store.markLostNodes(runId, at(60));

        assertThat(marked).containsExactly("stale");
        assertThat(store.find(DAY).orElseThrow().nodes()).extracting(RunNode::nodeId, RunNode::status).containsExactly(
                tuple("at-bound", NodeStatus.ACTIVE),
                tuple("fresh", NodeStatus.ACTIVE),
                tuple("left", NodeStatus.STOPPED),
                tuple("stale", NodeStatus.LOST));
        assertThat(store.find(DAY.minusDays(1)).orElseThrow().nodes()).extracting(RunNode::status)
                .containsExactly(NodeStatus.ACTIVE);
        assertThat(store.markLostNodes(runId, at(60))).as("already marked").isEmpty();
    }

    @DatabaseTest
    void a_lost_node_that_joins_again_is_active_with_its_counters_and_first_join_time(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();
        store.heartbeat(runId, "node-a", at(10), new NodeProgress(4, 3, 1));
        assertThat(store.markLostNodes(runId, at(100))).containsExactly("node-a");

        store.join(DAY, "node-a", at(200));

        assertThat(store.find(DAY).orElseThrow().nodes())
                .containsExactly(new RunNode("node-a", NodeStatus.ACTIVE, at(0), at(200), 4, 3, 1));
        assertThat(store.markLostNodes(runId, at(200))).as("its heartbeat is fresh again").isEmpty();
    }

    @DatabaseTest
    void a_node_that_leaves_is_stopped_with_its_last_heartbeat_then(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();

        store.leave(runId, "node-a", at(30));
        store.leave(runId, "node-a", at(30));

        assertThat(store.find(DAY).orElseThrow().nodes())
                .containsExactly(new RunNode("node-a", NodeStatus.STOPPED, at(0), at(30), 0, 0, 0));
        assertThat(store.markLostNodes(runId, at(1000))).as("a stopped node is never lost").isEmpty();
    }

    @DatabaseTest
    void nodes_marking_lost_nodes_at_once_report_each_node_exactly_once(TestDatabase db) throws InterruptedException {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "watcher", at(0)).runId();
        List<String> silent = IntStream.range(0, 6).mapToObj(i -> "silent-" + i).toList();
        silent.forEach(node -> store.join(DAY, node, at(0)));
        store.heartbeat(runId, "watcher", at(100), NodeProgress.NONE);

        List<Outcome<List<String>>> outcomes = Concurrently.run(4, i -> () -> store.markLostNodes(runId, at(60)));

        assertThat(outcomes).extracting(Outcome::failure).containsOnlyNulls();
        Set<String> reported = new HashSet<>();
        outcomes.stream().flatMap(outcome -> outcome.value().stream())
                .forEach(node -> assertThat(reported.add(node)).as("%s reported twice", node).isTrue());
        assertThat(reported).containsExactlyInAnyOrderElementsOf(silent);
        assertThat(store.find(DAY).orElseThrow().nodes()).filteredOn(node -> node.status() == NodeStatus.LOST)
                .extracting(RunNode::nodeId).containsExactlyElementsOf(silent);
    }

    @DatabaseTest
    void a_node_whose_heartbeat_commits_while_it_is_being_marked_is_not_marked_or_reported(TestDatabase db)
            throws Exception {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "slow", at(0)).runId();
        store.join(DAY, "gone", at(0));

        List<String> marked;
        ExecutorService marker = Executors.newSingleThreadExecutor();
        try (Handle heartbeat = db.appJdbi().open()) {
            // the node's heartbeat, not yet committed: the marker still sees it silent, then waits for its row
            heartbeat.begin();
            heartbeat.createUpdate("UPDATE at_run_node SET heartbeat_at = :now WHERE run_id = :runId AND node_id = 'slow'")
                    .bind("now", at(100)).bind("runId", runId).execute();
            Future<List<String>> marking = marker.submit(() -> store.markLostNodes(runId, at(60)));
            boolean waited = LockWaits.awaitWaiterOn(db, heartbeat, "at_run_node", Duration.ofSeconds(4));
            heartbeat.commit();
            assertThat(waited).as("the marker waited for the heartbeat's row lock").isTrue();
            marked = marking.get(30, TimeUnit.SECONDS);
        } finally {
            marker.shutdownNow();
        }

        assertThat(marked).containsExactly("gone");
        assertThat(store.find(DAY).orElseThrow().nodes()).extracting(RunNode::nodeId, RunNode::status)
                .containsExactly(tuple("gone", NodeStatus.LOST), tuple("slow", NodeStatus.ACTIVE));
    }

    @DatabaseTest
    void a_node_was_alive_from_its_join_until_its_last_heartbeat_plus_the_tolerance(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(100)).runId();
        store.heartbeat(runId, "node-a", at(160), NodeProgress.NONE);

        assertThat(store.anyNodeAliveAt(at(99), TOLERANCE)).as("before it joined").isFalse();
        assertThat(store.anyNodeAliveAt(at(100), TOLERANCE)).as("when it joined").isTrue();
        assertThat(store.anyNodeAliveAt(at(130), Duration.ZERO)).as("between join and heartbeat").isTrue();
        assertThat(store.anyNodeAliveAt(at(190), TOLERANCE)).as("heartbeat just within the tolerance").isTrue();
        assertThat(store.anyNodeAliveAt(at(190).plusNanos(1_000), TOLERANCE)).as("a microsecond later").isFalse();
        assertThat(store.anyNodeAliveAt(at(161), Duration.ZERO)).as("after its heartbeat, no tolerance").isFalse();
    }

    @DatabaseTest
    void no_node_was_alive_when_no_node_ever_joined(TestDatabase db) {
        assertThat(Runs.store(db).anyNodeAliveAt(at(0), Duration.ofDays(1))).isFalse();
    }

    @DatabaseTest
    void any_node_of_any_run_counts_as_alive(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        store.join(DAY.minusDays(1), "night-node", at(-60));
        store.join(DAY, "day-node", at(600));

        assertThat(store.anyNodeAliveAt(at(-30), TOLERANCE)).as("yesterday's run's node").isTrue();
        assertThat(store.anyNodeAliveAt(at(300), TOLERANCE)).as("between the two").isFalse();
        assertThat(store.anyNodeAliveAt(at(600), TOLERANCE)).isTrue();
    }
}
