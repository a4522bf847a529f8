package dev.autotransfer.jdbc.internal;

import dev.autotransfer.spi.RunStore.RolloutState;
import dev.autotransfer.spi.RunStore.RunRollout;
import dev.autotransfer.spi.RunStore.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gradual rollout's writes and reads on the run row and the outcome samples: send reservations,
 * stage moves, stop and resume, samples and their window sums. Not API. Immutable and thread-safe.
 *
 * <p>Every write is one conditional UPDATE of the run row (the row lock serializes them, and the
 * condition is evaluated again under it on every dialect), so the fleet's reservations never pass a
 * cap and of concurrent stops or stage moves exactly one takes effect. Samples are insert-only rows.
 */
public final class RunRollouts {

    private static final Logger log = LoggerFactory.getLogger(RunRollouts.class);
    private static final int RESERVE_TRIES = 5;

    private final RunSql sql;
    private final UtcInstants instants;

    /** Rollout statements through the run statements. */
    public RunRollouts(RunSql sql) {
        this.sql = sql;
        this.instants = UtcInstants.of(sql.dialect());
    }

    /** See {@link dev.autotransfer.spi.RunStore#reserveSends}; arguments already validated. */
    public long reserveSends(long runId, int stage, long cap, long block) {
        return sql.withHandle("reserving " + block + " sends in run " + runId, handle -> {
            if (reserveBlock(handle, runId, stage, cap, block)) {
                return block;
            }
            // less than a block is left (or a concurrent reservation won): take the rest, at the count read
            for (int i = 0; i < RESERVE_TRIES; i++) {
                Optional<RolloutRow> row = read(handle, runId);
                if (row.isEmpty() || !active(row.get().status()) || row.get().rollout().stage() != stage
                        || row.get().rollout().sendsReserved() >= cap) {
                    return 0L;
                }
                long seen = row.get().rollout().sendsReserved();
                if (seen + block <= cap) {
                    if (reserveBlock(handle, runId, stage, cap, block)) {
                        return block;
                    }
                } else if (reserveRest(handle, runId, stage, cap, seen)) {
                    return cap - seen;
                }
            }
            log.debug("reserving sends in run {} lost {} races in a row; none reserved this time", runId, RESERVE_TRIES);
            return 0L;
        });
    }

    /** See {@link dev.autotransfer.spi.RunStore#addOutcomes}; arguments already validated. */
    public void addOutcomes(long runId, String nodeId, Instant now, long outcomes, long failures) {
        sql.withHandle("recording the outcomes of node '" + nodeId + "' in run " + runId, handle -> handle
                .createUpdate(sql.get("sample_insert"))
                .bind("runId", runId)
                .bind("nodeId", nodeId)
                .bind("now", now)
                .bind("outcomes", outcomes)
                .bind("failures", failures)
                .execute());
    }

    /** See {@link dev.autotransfer.spi.RunStore#rolloutState}; arguments already validated. */
    public RolloutState rolloutState(long runId, Instant windowStart) {
        RolloutState state = sql.inTransaction("reading the rollout of run " + runId, handle -> {
            Optional<RolloutRow> row = read(handle, runId);
            if (row.isEmpty()) {
                return null;
            }
            Instant from = row.get().rollout().evaluatedFrom();
            Instant since = from.isAfter(windowStart) ? from : windowStart;
            return handle.createQuery(sql.get("sample_sum"))
                    .bind("runId", runId)
                    .bind("since", since)
                    .map((rs, ctx) -> new RolloutState(row.get().status(), row.get().rollout(), rs.getLong("outcomes"),
                            rs.getLong("failures")))
                    .one();
        });
        if (state == null) {
            throw new IllegalArgumentException("runId " + runId + " names no run");
        }
        return state;
    }

    /** See {@link dev.autotransfer.spi.RunStore#advanceStage}; arguments already validated. */
    public boolean advanceStage(long runId, int from, Instant now) {
        return sql.withHandle("moving run " + runId + " to stage " + (from + 1), handle -> handle
                .createUpdate(sql.get("advance_stage"))
                .bind("runId", runId)
                .bind("from", from)
                .bind("to", from + 1)
                .bind("now", now)
                .execute() > 0);
    }

    /** See {@link dev.autotransfer.spi.RunStore#stop}; arguments already validated. */
    public boolean stop(long runId, String reason, Instant now) {
        boolean stopped = sql.withHandle("stopping run " + runId, handle -> handle.createUpdate(sql.get("stop"))
                .bind("runId", runId)
                .bind("reason", reason)
                .bind("now", now)
                .execute() > 0);
        if (stopped) {
            log.warn("run {} stopped: {}", runId, reason);
        }
        return stopped;
    }

    /** See {@link dev.autotransfer.spi.RunStore#resume}; arguments already validated. */
    public boolean resume(long runId, Instant now) {
        int[] woken = new int[1];
        boolean resumed = sql.inTransaction("resuming run " + runId, handle -> {
            if (handle.createUpdate(sql.get("resume")).bind("runId", runId).bind("now", now).execute() == 0) {
                return false;
            }
            woken[0] = handle.createUpdate(sql.get("wake_stopped")).bind("now", now).execute();
            return true;
        });
        if (resumed) {
            log.info("run {} resumed; its failure rate counts outcomes from {} on; {} waiting new sends claimable now",
                    runId, now, woken[0]);
        }
        return resumed;
    }

    private boolean reserveBlock(Handle handle, long runId, int stage, long cap, long block) {
        return handle.createUpdate(sql.get("reserve_sends"))
                .bind("runId", runId)
                .bind("stage", stage)
                .bind("cap", cap)
                .bind("block", block)
                .execute() > 0;
    }

    private boolean reserveRest(Handle handle, long runId, int stage, long cap, long seen) {
        return handle.createUpdate(sql.get("reserve_rest"))
                .bind("runId", runId)
                .bind("stage", stage)
                .bind("cap", cap)
                .bind("seen", seen)
                .execute() > 0;
    }

    /** RUNNING, or COMPLETED: a completed run that found new work goes on (and is judged) until it ends. */
    private static boolean active(RunStatus status) {
        return status == RunStatus.RUNNING || status == RunStatus.COMPLETED;
    }

    private Optional<RolloutRow> read(Handle handle, long runId) {
        return handle.createQuery(sql.get("select_rollout"))
                .bind("runId", runId)
                .map((rs, ctx) -> new RolloutRow(RunStatus.valueOf(rs.getString("status")), rollout(rs)))
                .findOne();
    }

    /** The rollout columns of a row that has them (the run's own query or {@code select_views}). */
    RunRollout rollout(ResultSet rs) throws SQLException {
        return new RunRollout(rs.getInt("stage"), instant(rs, "stage_started_at"), rs.getLong("sends_reserved"),
                instant(rs, "evaluated_from"), instant(rs, "stopped_at"), rs.getString("stop_reason"));
    }

    private Instant instant(ResultSet rs, String column) throws SQLException {
        return instants.read(rs, rs.findColumn(column));
    }

    private record RolloutRow(RunStatus status, RunRollout rollout) {
    }
}
