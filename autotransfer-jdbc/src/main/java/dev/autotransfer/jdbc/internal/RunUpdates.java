package dev.autotransfer.jdbc.internal;

import dev.autotransfer.spi.RunStore.NodeProgress;
import dev.autotransfer.spi.RunStore.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of a running run: heartbeats with progress, leaving, marking silent nodes LOST, and
 * status transitions. Not API. Immutable and thread-safe.
 *
 * <p>A heartbeat writes the node's own row, and the run's row only to move its last progress time
 * forward: counters are per node and summed on read, because one shared counter row would
 * serialize the fleet. Marking LOST selects candidates, then marks each with an UPDATE that
 * repeats the condition, so of several nodes doing it at once exactly one reports each node.
 */
public final class RunUpdates {

    private static final Logger log = LoggerFactory.getLogger(RunUpdates.class);

    private final RunSql sql;

    /** Updates through the run statements. */
    public RunUpdates(RunSql sql) {
        this.sql = sql;
    }

    /** See {@link dev.autotransfer.spi.RunStore#heartbeat}; arguments already validated. */
    public RunStatus heartbeat(long runId, String nodeId, Instant now, NodeProgress delta) {
        String what = "recording the heartbeat of node '" + nodeId + "' in run " + runId;
        String status = sql.inTransaction(what, handle -> {
            int updated = handle.createUpdate(sql.get("node_heartbeat"))
                    .bind("runId", runId)
                    .bind("nodeId", nodeId)
                    .bind("now", now)
                    .bind("processed", delta.processed())
                    .bind("succeeded", delta.succeeded())
                    .bind("failed", delta.failed())
                    .execute();
            if (updated == 0 && !sql.nodeExists(handle, runId, nodeId)) {
                return null;
            }
            if (delta.processed() > 0) {
                handle.createUpdate(sql.get("update_last_progress")).bind("runId", runId).bind("now", now).execute();
            }
            return handle.createQuery(sql.get("select_status")).bind("runId", runId).mapTo(String.class).one();
        });
        if (status == null) {
            throw notJoined(runId, nodeId);
        }
        return RunStatus.valueOf(status);
    }

    /** See {@link dev.autotransfer.spi.RunStore#leave}; arguments already validated. */
    public void leave(long runId, String nodeId, Instant now) {
        boolean member = sql.withHandle("node '" + nodeId + "' leaving run " + runId, handle ->
                handle.createUpdate(sql.get("node_leave"))
                        .bind("runId", runId)
                        .bind("nodeId", nodeId)
                        .bind("now", now)
                        .execute() > 0 || sql.nodeExists(handle, runId, nodeId));
        if (!member) {
            throw notJoined(runId, nodeId);
        }
        log.debug("node {} left run {}", nodeId, runId);
    }

    /** See {@link dev.autotransfer.spi.RunStore#markLostNodes}; arguments already validated. */
    public List<String> markLostNodes(long runId, Instant heartbeatBefore) {
        List<String> marked = sql.inTransaction("marking lost nodes of run " + runId, handle -> {
            List<String> candidates = handle.createQuery(sql.get("node_select_stale"))
                    .bind("runId", runId)
                    .bind("heartbeatBefore", heartbeatBefore)
                    .mapTo(String.class)
                    .list();
            // one order for every caller, so two markers never wait on each other's rows in a cycle
            List<String> mine = new ArrayList<>();
            for (String nodeId : candidates.stream().sorted().toList()) {
                if (markLost(handle, runId, nodeId, heartbeatBefore)) {
                    mine.add(nodeId);
                }
            }
            return mine;
        });
        if (!marked.isEmpty()) {
            log.warn("nodes {} of run {} marked LOST: no heartbeat since before {}", marked, runId, heartbeatBefore);
        }
        return List.copyOf(marked);
    }

    /** See {@link dev.autotransfer.spi.RunStore#transition}; arguments already validated. */
    public boolean transition(long runId, RunStatus from, RunStatus to, Instant now) {
        int updated = sql.withHandle("moving run " + runId + " from " + from + " to " + to, handle -> handle
                .createUpdate(sql.get("update_status"))
                .bind("runId", runId)
                .bind("from", from.name())
                .bind("to", to.name())
                .bindByType("endedAt", to == RunStatus.RUNNING ? null : now, Instant.class)
                .execute());
        if (updated > 0) {
            log.info("run {} moved from {} to {}", runId, from, to);
        }
        return updated > 0;
    }

    private boolean markLost(Handle handle, long runId, String nodeId, Instant heartbeatBefore) {
        return handle.createUpdate(sql.get("node_mark_lost"))
                .bind("runId", runId)
                .bind("nodeId", nodeId)
                .bind("heartbeatBefore", heartbeatBefore)
                .execute() > 0;
    }

    private static IllegalArgumentException notJoined(long runId, String nodeId) {
        return new IllegalArgumentException("nodeId '" + nodeId + "' has not joined runId " + runId
                + " (no such node row): join the run first");
    }
}
