package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import static dev.autotransfer.jdbc.Runs.DAY;
import static dev.autotransfer.jdbc.Runs.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.RunStore.NodeProgress;
import dev.autotransfer.spi.RunStore.RunStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** Bad input is refused naming the argument and its value, before any write; store failures are ours. */
class RunStoreFailureTest {

    @DatabaseTest
    void a_blank_or_too_long_node_id_is_refused_naming_nodeId_and_nothing_is_written(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);

        assertThatNullPointerException().isThrownBy(() -> store.join(DAY, null, at(0))).withMessage("nodeId");
        assertThatIllegalArgumentException().isThrownBy(() -> store.join(DAY, "  ", at(0)))
                .withMessageContaining("nodeId").withMessageContaining("'  '");
        String tooLong = "n".repeat(65);
        assertThatIllegalArgumentException().isThrownBy(() -> store.join(DAY, tooLong, at(0)))
                .withMessageContaining("nodeId").withMessageContaining("65 characters").withMessageContaining(tooLong);
        assertThat(Runs.count(db, "at_run")).isZero();
        store.join(DAY, "n".repeat(64), at(0));
        assertThat(Runs.count(db, "at_run_node")).as("64 characters fit").isEqualTo(1);
    }

    @DatabaseTest
    void missing_or_impossible_arguments_are_refused_naming_the_argument(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);

        assertThatNullPointerException().isThrownBy(() -> store.join(null, "node-a", at(0))).withMessage("businessDate");
        assertThatNullPointerException().isThrownBy(() -> store.join(DAY, "node-a", null)).withMessage("now");
        assertThatIllegalArgumentException().isThrownBy(() -> store.heartbeat(0, "node-a", at(0), NodeProgress.NONE))
                .withMessage("runId must be at least 1, was 0");
        assertThatNullPointerException().isThrownBy(() -> store.heartbeat(1, "node-a", at(0), null)).withMessage("delta");
        assertThatNullPointerException().isThrownBy(() -> store.markLostNodes(1, null)).withMessage("heartbeatBefore");
        assertThatIllegalArgumentException().isThrownBy(() -> store.leave(-3, "node-a", at(0)))
                .withMessage("runId must be at least 1, was -3");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.transition(1, RunStatus.RUNNING, RunStatus.RUNNING, at(0)))
                .withMessage("to must differ from from, both were RUNNING");
        assertThatNullPointerException().isThrownBy(() -> store.transition(1, null, RunStatus.STOPPED, at(0)))
                .withMessage("from");
        assertThatIllegalArgumentException().isThrownBy(() -> store.list(DAY.plusDays(1), DAY))
                .withMessage("from must not be after to, was from=2026-11-16 to=2026-11-15");
        assertThatIllegalArgumentException().isThrownBy(() -> store.anyNodeAliveAt(at(0), Duration.ofSeconds(-1)))
                .withMessage("tolerance must not be negative, was PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> store.anyNodeAliveAt(Instant.MIN, Duration.ofSeconds(1)))
                .withMessageContaining("tolerance");
        assertThat(Runs.count(db, "at_run")).isZero();
    }

    @DatabaseTest
    void a_heartbeat_or_leave_of_a_node_that_never_joined_is_refused_naming_node_and_run(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();

        assertThatIllegalArgumentException().isThrownBy(() -> store.heartbeat(runId, "node-x", at(1),
                new NodeProgress(1, 1, 0))).withMessageContaining("nodeId 'node-x'").withMessageContaining("runId " + runId);
        assertThatIllegalArgumentException().isThrownBy(() -> store.leave(runId + 1, "node-a", at(1)))
                .withMessageContaining("nodeId 'node-a'").withMessageContaining("runId " + (runId + 1));
        assertThat(store.find(DAY).orElseThrow().lastProgressAt()).as("the refused heartbeat wrote nothing").isNull();
    }

    @DatabaseTest
    void a_counter_overflow_the_database_refuses_is_reported_with_its_sqlstate(TestDatabase db) {
        JdbcRunStore store = Runs.store(db);
        long runId = store.join(DAY, "node-a", at(0)).runId();
        store.heartbeat(runId, "node-a", at(1), new NodeProgress(Long.MAX_VALUE, 0, 0));

        Throwable failure = catchThrowable(() -> store.heartbeat(runId, "node-a", at(2), new NodeProgress(1, 0, 0)));

        assertThat(failure).isInstanceOf(AutoTransferJdbcException.class)
                .hasMessageContaining("node-a").hasMessageContaining("run " + runId).hasMessageContaining("SQLState")
                .cause().isInstanceOfSatisfying(SQLException.class, cause -> assertThat(cause.getSQLState()).isNotNull());
        assertThat(store.find(DAY).orElseThrow().nodes().get(0).heartbeatAt()).as("rolled back").isEqualTo(at(1));
    }

    @DatabaseTest(installSchema = false)
    void a_store_on_a_database_without_the_schema_fails_with_AutoTransferJdbcException(TestDatabase db) {
        JdbcRunStore store = JdbcRunStore.create(db.dataSource());

        assertThatThrownBy(() -> store.join(DAY, "node-a", at(0))).isInstanceOf(AutoTransferJdbcException.class)
                .hasMessageContaining("2026-11-15").hasMessageContaining("SQLState")
                .cause().isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> store.find(DAY)).isInstanceOf(AutoTransferJdbcException.class);
        assertThatThrownBy(() -> store.anyNodeAliveAt(at(0), Duration.ZERO)).isInstanceOf(AutoTransferJdbcException.class);
    }
}
