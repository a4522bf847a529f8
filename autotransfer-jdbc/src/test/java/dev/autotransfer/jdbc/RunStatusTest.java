package dev.autotransfer.jdbc;

import static dev.autotransfer.jdbc.Runs.DAY;
import static dev.autotransfer.jdbc.Runs.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.Concurrently.Outcome;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.RunStore.RunNode;
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.RunStore.RunView;
import java.util.List;

/** A run's status moves only from the status its caller saw; runs are listed newest first. */
class RunStatusTest {

    @DatabaseTest
    void a_transition_happens_only_from_the_stored_status_and_sets_the_end_time(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();

        assertThat(store.transition(runId, RunStatus.RUNNING, RunStatus.STOPPED, at(10))).isTrue();
        assertThat(store.transition(runId, RunStatus.RUNNING, RunStatus.COMPLETED, at(20)))
                .as("no longer RUNNING").isFalse();

        RunView run = store.find(DAY).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(run.endedAt()).isEqualTo(at(10));
    }

    @DatabaseTest
    void a_run_resumed_to_running_has_no_end_time_until_it_ends_again(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();
        store.transition(runId, RunStatus.RUNNING, RunStatus.STOPPED, at(10));

        assertThat(store.transition(runId, RunStatus.STOPPED, RunStatus.RUNNING, at(20))).isTrue();
        assertThat(store.find(DAY).orElseThrow().endedAt()).isNull();

        assertThat(store.transition(runId, RunStatus.RUNNING, RunStatus.COMPLETED, at(30))).isTrue();
        RunView run = store.find(DAY).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.endedAt()).isEqualTo(at(30));
    }

    @DatabaseTest
    void of_concurrent_transitions_from_the_same_status_exactly_one_succeeds(TestDatabase db)
            throws InterruptedException {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();
        List<RunStatus> targets = List.of(RunStatus.STOPPED, RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.STOPPED);

        List<Outcome<Boolean>> outcomes = Concurrently.run(targets.size(),
                i -> () -> store.transition(runId, RunStatus.RUNNING, targets.get(i), at(i + 1)));

        assertThat(outcomes).extracting(Outcome::failure).containsOnlyNulls();
        assertThat(outcomes).extracting(Outcome::value).containsOnlyOnce(true);
        int winner = outcomes.stream().map(Outcome::value).toList().indexOf(true);
        RunView run = store.find(DAY).orElseThrow();
        assertThat(run.status()).isEqualTo(targets.get(winner));
        assertThat(run.endedAt()).isEqualTo(at(winner + 1));
    }

    @DatabaseTest
    void a_transition_of_an_unknown_run_changes_nothing(TestDatabase db) {
        assertThat(Runs.store(db).transition(999, RunStatus.RUNNING, RunStatus.STOPPED, at(0))).isFalse();
    }

    @DatabaseTest
    void runs_are_listed_newest_first_within_the_inclusive_range(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        for (int day : new int[] {2, 0, 3, 1, 4}) {
            store.join(DAY.plusDays(day), "node-a", at(day * 86_400L));
        }

        List<RunView> runs = store.list(DAY.plusDays(1), DAY.plusDays(3));

        assertThat(runs).extracting(RunView::businessDate)
                .containsExactly(DAY.plusDays(3), DAY.plusDays(2), DAY.plusDays(1));
        assertThat(runs).allSatisfy(run -> assertThat(run.nodes()).hasSize(1));
        assertThat(store.list(DAY.plusDays(2), DAY.plusDays(2))).extracting(RunView::businessDate)
                .containsExactly(DAY.plusDays(2));
        assertThat(store.list(DAY.minusDays(9), DAY.minusDays(1))).isEmpty();
    }

    @DatabaseTest
    void nodes_are_listed_by_node_id_in_string_order_on_every_database(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        for (String node : List.of("node-b", "node-10", "Node-Z", "node-9", "node-a")) {
            store.join(DAY, node, at(0));
        }

        assertThat(store.find(DAY).orElseThrow().nodes()).extracting(RunNode::nodeId)
                .containsExactly("Node-Z", "node-10", "node-9", "node-a", "node-b");
    }

    @DatabaseTest
    void no_run_is_found_for_a_date_no_node_joined(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        store.join(DAY, "node-a", at(0));

        assertThat(store.find(DAY.plusDays(1))).isEmpty();
    }
}
