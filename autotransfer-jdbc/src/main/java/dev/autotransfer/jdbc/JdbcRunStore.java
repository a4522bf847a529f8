package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.internal.RunJoins;
import dev.autotransfer.jdbc.internal.RunReader;
import dev.autotransfer.jdbc.internal.RunRollouts;
import dev.autotransfer.jdbc.internal.RunSql;
import dev.autotransfer.jdbc.internal.RunUpdates;
import dev.autotransfer.spi.RunStore;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link RunStore} on a JDBC database with the autotransfer schema installed (H2, PostgreSQL
 * or MariaDB/MySQL): {@code at_run}, one row per business date, and {@code at_run_node}, one row
 * per node of a run with its heartbeat and its own counters, and {@code at_run_sample}, the outcomes
 * each node counted between heartbeats (the gradual rollout's failure rate).
 *
 * <p>{@link #join} is race-safe through the unique business date and the node row's primary key
 * (a loser of either insert race reads or updates the winner's row; nothing is merged or ignored).
 * A {@link #heartbeat} writes only the node's own row, plus the run's last progress time when the
 * node made progress, and reads the run's status. Counters are summed over the node rows on read.
 * Send reservations, stage moves, stops and resumes are conditional updates of the run row.
 * Instants are kept to the microsecond (truncated). Connect as the application role. Methods block
 * for one short transaction at most; bad arguments throw {@link NullPointerException} or
 * {@link IllegalArgumentException} naming the argument and its value (also a {@code runId} and
 * {@code nodeId} that name no membership, on {@link #heartbeat} and {@link #leave}), database
 * failures throw {@link AutoTransferJdbcException} with the driver's exception, reduced to its
 * SQLState and first message line, as cause.
 *
 * <p>Immutable and thread-safe; the data source must hand out independent connections (a pool).
 */
public final class JdbcRunStore implements RunStore {

    private static final int MAX_NODE_ID_LENGTH = 64;

    private final RunJoins joins;
    private final RunUpdates updates;
    private final RunReader reader;
    private final RunRollouts rollouts;

    private JdbcRunStore(Builder builder) {
        Dialect dialect = builder.dialect != null ? builder.dialect : Dialect.detect(builder.dataSource);
        RunSql sql = new RunSql(JdbiFactory.create(builder.dataSource, dialect), dialect);
        this.joins = new RunJoins(sql);
        this.updates = new RunUpdates(sql);
        this.rollouts = new RunRollouts(sql);
        this.reader = new RunReader(sql, rollouts);
    }

    /** A store on the data source; detects the dialect. */
    public static JdbcRunStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for a store on the data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public RunMembership join(LocalDate businessDate, String nodeId, Instant now) {
        Objects.requireNonNull(businessDate, "businessDate");
        return joins.join(businessDate, checkNodeId(nodeId), Objects.requireNonNull(now, "now"));
    }

    @Override
    public RunStatus heartbeat(long runId, String nodeId, Instant now, NodeProgress delta) {
        checkRunId(runId);
        checkNodeId(nodeId);
        Objects.requireNonNull(now, "now");
        return updates.heartbeat(runId, nodeId, now, Objects.requireNonNull(delta, "delta"));
    }

    @Override
    public List<String> markLostNodes(long runId, Instant heartbeatBefore) {
        checkRunId(runId);
        return updates.markLostNodes(runId, Objects.requireNonNull(heartbeatBefore, "heartbeatBefore"));
    }

    @Override
    public void leave(long runId, String nodeId, Instant now) {
        checkRunId(runId);
        updates.leave(runId, checkNodeId(nodeId), Objects.requireNonNull(now, "now"));
    }

    @Override
    public boolean transition(long runId, RunStatus from, RunStatus to, Instant now) {
        checkRunId(runId);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(now, "now");
        if (from == to) {
            throw new IllegalArgumentException("to must differ from from, both were " + from);
        }
        return updates.transition(runId, from, to, now);
    }

    @Override
    public long reserveSends(long runId, int stage, long cap, long block) {
        checkRunId(runId);
        if (stage < 0) {
            throw new IllegalArgumentException("stage must not be negative, was " + stage);
        }
        if (cap < 1 || block < 1) {
            throw new IllegalArgumentException("cap and block must be at least 1, were cap=" + cap + " block=" + block);
        }
        return rollouts.reserveSends(runId, stage, cap, block);
    }

    @Override
    public void addOutcomes(long runId, String nodeId, Instant now, long outcomes, long failures) {
        checkRunId(runId);
        checkNodeId(nodeId);
        Objects.requireNonNull(now, "now");
        if (outcomes < 0 || failures < 0 || failures > outcomes) {
            throw new IllegalArgumentException("outcomes and failures must be 0 <= failures <= outcomes, were outcomes="
                    + outcomes + " failures=" + failures);
        }
        rollouts.addOutcomes(runId, nodeId, now, outcomes, failures);
    }

    @Override
    public RolloutState rolloutState(long runId, Instant windowStart) {
        checkRunId(runId);
        return rollouts.rolloutState(runId, Objects.requireNonNull(windowStart, "windowStart"));
    }

    @Override
    public boolean advanceStage(long runId, int from, Instant now) {
        checkRunId(runId);
        if (from < 0) {
            throw new IllegalArgumentException("from must not be negative, was " + from);
        }
        return rollouts.advanceStage(runId, from, Objects.requireNonNull(now, "now"));
    }

    @Override
    public boolean stop(long runId, String reason, Instant now) {
        checkRunId(runId);
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("reason must be 1..500 characters and not blank, was " + reason.length()
                    + " characters");
        }
        return rollouts.stop(runId, reason, Objects.requireNonNull(now, "now"));
    }

    @Override
    public boolean resume(long runId, Instant now) {
        checkRunId(runId);
        return rollouts.resume(runId, Objects.requireNonNull(now, "now"));
    }

    @Override
    public Optional<RunView> find(LocalDate businessDate) {
        Objects.requireNonNull(businessDate, "businessDate");
        return reader.list(businessDate, businessDate).stream().findFirst();
    }

    @Override
    public List<RunView> list(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to, was from=" + from + " to=" + to);
        }
        return reader.list(from, to);
    }

    @Override
    public boolean anyNodeAliveAt(Instant instant, Duration tolerance) {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative, was " + tolerance);
        }
        Instant aliveSince;
        try {
            aliveSince = instant.minus(tolerance);
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("tolerance " + tolerance + " reaches before the earliest instant from "
                    + instant, e);
        }
        return reader.anyNodeAliveAt(instant, aliveSince);
    }

    private static void checkRunId(long runId) {
        if (runId < 1) {
            throw new IllegalArgumentException("runId must be at least 1, was " + runId);
        }
    }

    private static String checkNodeId(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        int length = nodeId.codePointCount(0, nodeId.length());
        if (nodeId.isBlank() || length > MAX_NODE_ID_LENGTH) {
            throw new IllegalArgumentException("nodeId must be 1.." + MAX_NODE_ID_LENGTH
                    + " characters and not blank, was '" + nodeId + "' (" + length + " characters)");
        }
        return nodeId;
    }

    /**
     * Builds a {@link JdbcRunStore}. Default: the dialect detected from the data source (one
     * connection opened at {@link #build()}). Setters validate at once. Not thread-safe.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Dialect dialect;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Sets the dialect instead of detecting it. */
        public Builder dialect(Dialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /** Builds the store. */
        public JdbcRunStore build() {
            return new JdbcRunStore(this);
        }
    }
}
