package dev.autotransfer.memory;

import dev.autotransfer.spi.RunStore.NodeStatus;
import dev.autotransfer.spi.RunStore.RunNode;
import dev.autotransfer.spi.RunStore.RunRollout;
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.RunStore.RunView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The rows of {@link InMemoryRunStore}: mutable, changed only under the store's lock. */
final class RunRows {

    private RunRows() {
    }

    /** A run's row; changed only under the store's lock. */
    static final class RunRow {
        final long id;
        final LocalDate businessDate;
        final Instant startedAt;
        final Map<String, NodeRow> nodes = new TreeMap<>();
        RunStatus status = RunStatus.RUNNING;
        Instant endedAt;
        Instant lastProgressAt;
        int stage;
        Instant stageStartedAt;
        long sendsReserved;
        Instant evaluatedFrom;
        Instant stoppedAt;
        String stopReason;

        RunRow(long id, LocalDate businessDate, Instant now) {
            this.id = id;
            this.businessDate = businessDate;
            this.startedAt = now;
            this.stageStartedAt = now;
            this.evaluatedFrom = now;
        }

        /** RUNNING, or COMPLETED: a completed run that found new work goes on (and is judged) until it ends. */
        boolean active() {
            return status == RunStatus.RUNNING || status == RunStatus.COMPLETED;
        }

        RunRollout rollout() {
            return new RunRollout(stage, stageStartedAt, sendsReserved, evaluatedFrom, stoppedAt, stopReason);
        }

        RunView view() {
            List<RunNode> views = nodes.values().stream().map(NodeRow::view).toList();
            long processed = 0;
            long succeeded = 0;
            long failed = 0;
            for (RunNode node : views) {
                processed = Math.addExact(processed, node.processed());
                succeeded = Math.addExact(succeeded, node.succeeded());
                failed = Math.addExact(failed, node.failed());
            }
            return new RunView(id, businessDate, status, startedAt, endedAt, lastProgressAt, processed, succeeded,
                    failed, views, rollout());
        }
    }

    /** A node's row in a run; changed only under the store's lock. */
    static final class NodeRow {
        final String nodeId;
        final Instant startedAt;
        NodeStatus status = NodeStatus.ACTIVE;
        Instant heartbeatAt;
        long processed;
        long succeeded;
        long failed;

        NodeRow(String nodeId, Instant now) {
            this.nodeId = nodeId;
            this.startedAt = now;
            this.heartbeatAt = now;
        }

        RunNode view() {
            return new RunNode(nodeId, status, startedAt, heartbeatAt, processed, succeeded, failed);
        }
    }
}
