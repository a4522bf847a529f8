package dev.autotransfer.memory;

import dev.autotransfer.memory.RunRows.NodeRow;
import dev.autotransfer.memory.RunRows.RunRow;
import dev.autotransfer.spi.RunStore;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link RunStore} in memory: one run per business date, a row per node with its heartbeat and
 * counters, and the rollout's reservations, stages, stops and outcome samples, for tests, demos and a
 * single embedded node.
 *
 * <p>It keeps the JDBC run store's rules: joins create one run per date however many nodes race,
 * counters are per node and summed on read, every status, stage and reservation change is
 * conditional on what the caller saw, instants are kept to the microsecond, and bad arguments (a
 * node id past 64 characters, a node that has not joined) throw {@link IllegalArgumentException}
 * naming the value. Created with {@link #create(InMemoryTransferStore)}, a {@link #resume} makes that
 * store's work items waiting for the stop claimable at once, as the JDBC store does with its tables.
 *
 * <p>Thread-safe: one lock guards everything, so every method is one atomic step; calls block only on
 * that lock.
 */
public final class InMemoryRunStore implements RunStore {

    private static final int MAX_NODE_ID_LENGTH = 64;

    private final InMemoryTransferStore work;
    private final Object lock = new Object();
    private final Map<Long, RunRow> runs = new HashMap<>();
    private final Map<LocalDate, Long> runByDate = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private long nextRunId = 1;

    private InMemoryRunStore(InMemoryTransferStore work) {
        this.work = work;
    }

    /** An empty run store on its own: a resume wakes no work items (there are none it knows). */
    public static InMemoryRunStore create() {
        return new InMemoryRunStore(null);
    }

    /** An empty run store whose {@link #resume} wakes the work items of {@code work} that wait for the stop. */
    public static InMemoryRunStore create(InMemoryTransferStore work) {
        return new InMemoryRunStore(Objects.requireNonNull(work, "work"));
    }

    @Override
    public RunMembership join(LocalDate businessDate, String nodeId, Instant now) {
        Objects.requireNonNull(businessDate, "businessDate");
        checkNodeId(nodeId);
        Instant at = Times.micros(Objects.requireNonNull(now, "now"));
        synchronized (lock) {
            RunRow run = runs.get(runByDate.computeIfAbsent(businessDate, date -> {
                RunRow created = new RunRow(nextRunId++, date, at);
                runs.put(created.id, created);
                return created.id;
            }));
            NodeRow node = run.nodes.get(nodeId);
            if (node == null) {
                run.nodes.put(nodeId, new NodeRow(nodeId, at));
            } else {
                node.status = NodeStatus.ACTIVE;
                node.heartbeatAt = at;
            }
            return new RunMembership(run.id, run.businessDate, run.status);
        }
    }

    @Override
    public RunStatus heartbeat(long runId, String nodeId, Instant now, NodeProgress delta) {
        checkRunId(runId);
        checkNodeId(nodeId);
        Instant at = Times.micros(Objects.requireNonNull(now, "now"));
        Objects.requireNonNull(delta, "delta");
        synchronized (lock) {
            RunRow run = runs.get(runId);
            NodeRow node = member(run, runId, nodeId);
            node.heartbeatAt = at;
            node.processed = Math.addExact(node.processed, delta.processed());
            node.succeeded = Math.addExact(node.succeeded, delta.succeeded());
            node.failed = Math.addExact(node.failed, delta.failed());
            if (delta.processed() > 0 && (run.lastProgressAt == null || run.lastProgressAt.isBefore(at))) {
                run.lastProgressAt = at;
            }
            return run.status;
        }
    }

    @Override
    public List<String> markLostNodes(long runId, Instant heartbeatBefore) {
        checkRunId(runId);
        Instant before = Times.micros(Objects.requireNonNull(heartbeatBefore, "heartbeatBefore"));
        synchronized (lock) {
            RunRow run = runs.get(runId);
            if (run == null) {
                return List.of();
            }
            List<String> marked = new ArrayList<>();
            for (NodeRow node : run.nodes.values()) {
                if (node.status == NodeStatus.ACTIVE && node.heartbeatAt.isBefore(before)) {
                    node.status = NodeStatus.LOST;
                    marked.add(node.nodeId);
                }
            }
            return List.copyOf(marked);
        }
    }

    @Override
    public void leave(long runId, String nodeId, Instant now) {
        checkRunId(runId);
        checkNodeId(nodeId);
        Instant at = Times.micros(Objects.requireNonNull(now, "now"));
        synchronized (lock) {
            NodeRow node = member(runs.get(runId), runId, nodeId);
            node.status = NodeStatus.STOPPED;
            node.heartbeatAt = at;
        }
    }

    @Override
    public boolean transition(long runId, RunStatus from, RunStatus to, Instant now) {
        checkRunId(runId);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Instant at = Times.micros(Objects.requireNonNull(now, "now"));
        if (from == to) {
            throw new IllegalArgumentException("to must differ from from, both were " + from);
        }
        synchronized (lock) {
            RunRow run = runs.get(runId);
            if (run == null || run.status != from) {
                return false;
            }
            run.status = to;
            run.endedAt = to == RunStatus.RUNNING ? null : at;
            return true;
        }
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
        synchronized (lock) {
            RunRow run = runs.get(runId);
            if (run == null || !run.active() || run.stage != stage || run.sendsReserved >= cap) {
                return 0;
            }
            long granted = Math.min(block, cap - run.sendsReserved);
            run.sendsReserved += granted;
            return granted;
        }
    }

    @Override
    public void addOutcomes(long runId, String nodeId, Instant now, long outcomes, long failures) {
        checkRunId(runId);
        checkNodeId(nodeId);
        Instant at = Times.micros(Objects.requireNonNull(now, "now"));
        if (outcomes < 0 || failures < 0 || failures > outcomes) {
            throw new IllegalArgumentException("outcomes and failures must be 0 <= failures <= outcomes, were outcomes="
                    + outcomes + " failures=" + failures);
        }
        synchronized (lock) {
            if (!runs.containsKey(runId)) {
                // the JDBC store's foreign key refuses a sample of no run
                throw new InMemoryStoreException("recording the outcomes of node '" + nodeId + "' in run " + runId
                        + " failed: no such run");
            }
            samples.add(new Sample(runId, at, outcomes, failures));
        }
    }

    @Override
    public RolloutState rolloutState(long runId, Instant windowStart) {
        checkRunId(runId);
        Objects.requireNonNull(windowStart, "windowStart");
        synchronized (lock) {
            RunRow run = runs.get(runId);
            if (run == null) {
                throw new IllegalArgumentException("runId " + runId + " names no run");
            }
            Instant since = run.evaluatedFrom.isAfter(windowStart) ? run.evaluatedFrom : windowStart;
            long outcomes = 0;
            long failures = 0;
            for (Sample sample : samples) {
                if (sample.runId() == runId && !sample.sampledAt().isBefore(since)) {
                    outcomes = Math.addExact(outcomes, sample.outcomes());
                    failures = Math.addExact(failures, sample.failures());
                }
            }
            return new RolloutState(run.status, run.rollout(), outcomes, failures);
        }
    }

    @Override
    public boolean advanceStage(long runId, int from, Instant now) {
        checkRunId(runId);
        if (from < 0) {
            throw new IllegalArgumentException("from must not be negative, was " + from);
        }
        Instant at = Times.micros(Objects.requireNonNull(now, "now"));
        synchronized (lock) {
            RunRow run = runs.get(runId);
            if (run == null || run.stage != from || !run.active()) {
                return false;
            }
            run.stage = from + 1;
            run.stageStartedAt = at;
            return true;
        }
    }

    @Override
    public boolean stop(long runId, String reason, Instant now) {
        checkRunId(runId);
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("reason must be 1..500 characters and not blank, was " + reason.length()
                    + " characters");
        }
        Instant at = Times.micros(Objects.requireNonNull(now, "now"));
        synchronized (lock) {
            RunRow run = runs.get(runId);
            if (run == null || !run.active()) {
                return false;
            }
            run.status = RunStatus.STOPPED;
            run.endedAt = at;
            run.stoppedAt = at;
            run.stopReason = reason;
            return true;
        }
    }

    @Override
    public boolean resume(long runId, Instant now) {
        checkRunId(runId);
        Instant at = Times.micros(Objects.requireNonNull(now, "now"));
        synchronized (lock) {
            RunRow run = runs.get(runId);
            if (run == null || run.status != RunStatus.STOPPED) {
                return false;
            }
            run.status = RunStatus.RUNNING;
            run.endedAt = null;
            run.stageStartedAt = at;
            run.evaluatedFrom = at;
            if (work != null) {
                work.wakeStopped(at);
            }
            return true;
        }
    }

    @Override
    public Optional<RunView> find(LocalDate businessDate) {
        Objects.requireNonNull(businessDate, "businessDate");
        return list(businessDate, businessDate).stream().findFirst();
    }

    @Override
    public List<RunView> list(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to, was from=" + from + " to=" + to);
        }
        synchronized (lock) {
            return runs.values().stream()
                    .filter(run -> !run.businessDate.isBefore(from) && !run.businessDate.isAfter(to))
                    .sorted(Comparator.comparing((RunRow run) -> run.businessDate).reversed()
                            .thenComparingLong(run -> run.id))
                    .map(RunRow::view)
                    .toList();
        }
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
        synchronized (lock) {
            return runs.values().stream().flatMap(run -> run.nodes.values().stream())
                    .anyMatch(node -> !node.startedAt.isAfter(instant) && !node.heartbeatAt.isBefore(aliveSince));
        }
    }

    private static NodeRow member(RunRow run, long runId, String nodeId) {
        NodeRow node = run == null ? null : run.nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("nodeId '" + nodeId + "' has not joined runId " + runId
                    + " (no such node row): join the run first");
        }
        return node;
    }

    private static void checkRunId(long runId) {
        if (runId < 1) {
            throw new IllegalArgumentException("runId must be at least 1, was " + runId);
        }
    }

    private static void checkNodeId(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        int length = nodeId.codePointCount(0, nodeId.length());
        if (nodeId.isBlank() || length > MAX_NODE_ID_LENGTH) {
            throw new IllegalArgumentException("nodeId must be 1.." + MAX_NODE_ID_LENGTH
                    + " characters and not blank, was '" + nodeId + "' (" + length + " characters)");
        }
    }

    private record Sample(long runId, Instant sampledAt, long outcomes, long failures) {
    }
}
