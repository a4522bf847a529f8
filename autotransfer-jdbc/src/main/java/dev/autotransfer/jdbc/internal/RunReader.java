package dev.autotransfer.jdbc.internal;

import dev.autotransfer.spi.RunStore.NodeStatus;
import dev.autotransfer.spi.RunStore.RunNode;
import dev.autotransfer.spi.RunStore.RunRollout;
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.RunStore.RunView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads runs with their nodes, and whether any node was alive at an instant. Not API. Immutable
 * and thread-safe.
 *
 * <p>A run and its nodes come from one query, so the counters summed over the nodes are of one
 * snapshot; the run row's own counter columns are not read (nothing writes them). Nodes are
 * sorted by {@link String} order in Java, not by the database's collation, so the order is the
 * same on every dialect.
 */
public final class RunReader {

    private final RunSql sql;
    private final UtcInstants instants;
    private final RunRollouts rollouts;

    /** Reads through the run statements; the rollout columns as {@code rollouts} reads them. */
    public RunReader(RunSql sql, RunRollouts rollouts) {
        this.sql = sql;
        this.instants = UtcInstants.of(sql.dialect());
        this.rollouts = rollouts;
    }

    /** See {@link dev.autotransfer.spi.RunStore#list}; arguments already validated. */
    public List<RunView> list(LocalDate from, LocalDate to) {
        List<Row> rows = sql.withHandle("reading the runs from " + from + " to " + to, handle -> handle
                .createQuery(sql.get("select_views"))
                .bind("from", from)
                .bind("to", to)
                .map((rs, ctx) -> row(rs))
                .list());
        Map<Long, List<Row>> byRun = new LinkedHashMap<>();
        rows.forEach(row -> byRun.computeIfAbsent(row.runId(), id -> new ArrayList<>()).add(row));
        return byRun.values().stream().map(RunReader::view).toList();
    }

    /**
     * See {@link dev.autotransfer.spi.RunStore#anyNodeAliveAt}: some node joined by {@code instant}
     * and heartbeat at or after {@code aliveSince} ({@code instant} minus the tolerance).
     */
    public boolean anyNodeAliveAt(Instant instant, Instant aliveSince) {
        return sql.withHandle("asking whether a node was alive at " + instant, handle -> handle
                .createQuery(sql.get("node_alive_at"))
                .bind("instant", instant)
                .bind("aliveSince", aliveSince)
                .mapTo(Integer.class)
                .one() == 1);
    }

    private Row row(ResultSet rs) throws SQLException {
        RunNode node = rs.getString("node_id") == null ? null : node(rs);
        return new Row(rs.getLong("run_id"), rs.getObject("business_date", LocalDate.class),
                RunStatus.valueOf(rs.getString("run_status")), instant(rs, "run_started_at"), instant(rs, "ended_at"),
                instant(rs, "last_progress_at"), rollouts.rollout(rs), node);
    }

    private RunNode node(ResultSet rs) throws SQLException {
        return new RunNode(rs.getString("node_id"), NodeStatus.valueOf(rs.getString("node_status")),
                instant(rs, "node_started_at"), instant(rs, "heartbeat_at"), rs.getLong("processed"),
                rs.getLong("succeeded"), rs.getLong("failed"));
    }

    private Instant instant(ResultSet rs, String column) throws SQLException {
        return instants.read(rs, rs.findColumn(column));
    }

    private static RunView view(List<Row> rows) {
        Row run = rows.get(0);
        List<RunNode> nodes = rows.stream().map(Row::node).filter(Objects::nonNull)
                .sorted(Comparator.comparing(RunNode::nodeId)).toList();
        long processed = 0;
        long succeeded = 0;
        long failed = 0;
        for (RunNode node : nodes) {
            processed = Math.addExact(processed, node.processed());
            succeeded = Math.addExact(succeeded, node.succeeded());
            failed = Math.addExact(failed, node.failed());
        }
        return new RunView(run.runId(), run.businessDate(), run.status(), run.startedAt(), run.endedAt(),
                run.lastProgressAt(), processed, succeeded, failed, nodes, run.rollout());
    }

    /** One row of the query: a run's columns, and one of its nodes or null when it has none. */
    private record Row(long runId, LocalDate businessDate, RunStatus status, Instant startedAt, Instant endedAt,
            Instant lastProgressAt, RunRollout rollout, RunNode node) {
    }
}
