package dev.autotransfer.internal.fleet;

import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.internal.events.SafeListener;
import dev.autotransfer.spi.RunStore;
import dev.autotransfer.spi.RunStore.NodeProgress;
import dev.autotransfer.spi.RunStore.RunMembership;
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.RunStore.RunView;
import dev.autotransfer.spi.TransferStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the shared run: joins the run of the business date, reports heartbeats and
 * progress, marks nodes whose heartbeat stopped, and raises the run's alarms (no progress while work
 * is due; still RUNNING past its maximum); at each heartbeat the rollout judges the run, at a join
 * its size is checked. After each heartbeat it works out this node's {@link FleetShare} from the
 * nodes' heartbeats and hands it on, so the banks' quotas are divided among the live nodes.
 * Thread-safe (synchronized; called between chunks).
 */
public final class RunTracker {

    private static final Logger LOG = LoggerFactory.getLogger(RunTracker.class);

    private final RunStore runs;
    private final TransferStore store;
    private final EngineConfig config;
    private final SafeListener listener;
    private final TimeSource time;
    private final String nodeId;
    private final RunTally tally;
    private final RolloutController rollout;
    private final RunSizeCheck runSize;
    private static final int LIVENESS_DAYS = 400;

    private RunMembership membership;
    private Instant joinedAt;
    private volatile List<Instant[]> lifetimes = List.of();
    private RunStatus status;
    private final ShareSink onShare;
    private Instant lastBeat = Instant.MIN;
    /** The last heartbeat by this machine's monotonic clock. */
    private long lastBeatNanos;
    /** Since when the other nodes may count this node live: its join, or its heartbeat after a lapse. */
    private Instant liveSince;
    private FleetShare share = FleetShare.ALONE;
    /**
     * A node joined after this one's last heartbeat: the next heartbeat comes at once, so it is seen
     * soon; once per join ({@code greeted}: the live nodes' join instants already answered so), so a
     * node whose clock runs ahead does not draw a heartbeat at every read.
     */
    private boolean beatDue;
    private Map<String, Instant> greeted = Map.of();
    private Instant lastRead = Instant.MIN;
    private long overMaxAlarmedRun = -1;
    private Instant noProgressAlarmedAt;

    public RunTracker(RunStore runs, TransferStore store, EngineConfig config, SafeListener listener, TimeSource time,
            String nodeId, RunTally tally, RolloutController rollout, RunSizeCheck runSize,
            ShareSink onShare) {
        this.onShare = onShare;
        this.runs = runs;
        this.store = store;
        this.config = config;
        this.listener = listener;
        this.time = time;
        this.nodeId = nodeId;
        this.tally = tally;
        this.rollout = rollout;
        this.runSize = runSize;
    }

    /** The run of today's business date, joined if this node is not yet part of it. */
    public synchronized RunMembership current() {
        Instant now = time.now();
        LocalDate today = now.atZone(config.businessZone()).toLocalDate();
        if (membership == null || !membership.businessDate().equals(today)) {
            if (membership != null) {
                beat(now, true);
                runs.leave(membership.runId(), nodeId, now);
            }
            membership = runs.join(today, nodeId, now);
            status = membership.status();
            lastBeat = now;
            lastBeatNanos = System.nanoTime();
            joinedAt = now;
            liveSince = now;
            share = null;
            refreshShare(now, runs.list(today.minusDays(1), today));
            LOG.info("node {} joined run {} of {} ({})", nodeId, membership.runId(), today, status);
            listener.runJoined(membership.runId(), today);
            runSize.atStart(membership, now);
        } else {
            // a pass starts with a heartbeat when one is due, so a node that idled learns a stop first
            beat(now, false);
        }
        return membership;
    }

    /**
     * Takes a snapshot of every node's lifetime (joined to last heartbeat) over the last
     * {@value #LIVENESS_DAYS} days, so catch-up decisions need no database read while a claim's
     * transaction is open, and this node's share of the banks' quotas from the same read. Called at
     * the start of each pass; a failure keeps the last snapshot.
     */
    public synchronized void refreshLiveness() {
        LocalDate today = time.now().atZone(config.businessZone()).toLocalDate();
        try {
            List<Instant[]> spans = new java.util.ArrayList<>();
            List<RunView> views = runs.list(today.minusDays(LIVENESS_DAYS), today);
            for (RunView run : views) {
                run.nodes().forEach(node -> spans.add(new Instant[] {node.startedAt(), node.heartbeatAt()}));
            }
            lifetimes = List.copyOf(spans);
            if (membership != null) {
                refreshShare(time.now(), views.stream().filter(v -> !v.businessDate().isBefore(today.minusDays(1)))
                        .toList());
            }
        } catch (RuntimeException e) {
            LOG.warn("reading the nodes' lifetimes failed, keeping the last snapshot: {}", e.toString());
        }
    }

    /**
     * Whether some node was alive at the instant: by the snapshot, or this node, which is alive from
     * when it joined until now.
     */
    public boolean anyNodeAliveAt(Instant instant, Duration tolerance) {
        Instant joined;
        synchronized (this) {
            joined = joinedAt;
        }
        if (joined != null && !instant.isBefore(joined)) {
            return true;
        }
        Instant since = instant.minus(tolerance);
        for (Instant[] span : lifetimes) {
            if (!span[0].isAfter(instant) && !span[1].isBefore(since)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the run was stopped (new sends stop; open attempts are still resolved). */
    public synchronized boolean newSendsStopped() {
        return status == RunStatus.STOPPED;
    }

    /** Reports a heartbeat when one is due (or {@code force}), then checks nodes and alarms. */
    public synchronized void tick(boolean force) {
        if (membership == null) {
            return;
        }
        beat(time.now(), force);
    }

    private void beat(Instant now, boolean force) {
        if (!force && now.isBefore(lastBeat.plus(config.heartbeatInterval()))) {
            if (!now.isBefore(lastRead.plus(readInterval()))) {
                readShare(now);
            }
            if (!beatDue) {
                return;
            }
        }
        beatDue = false;
        NodeProgress progress = tally.drainProgress();
        try {
            status = runs.heartbeat(membership.runId(), nodeId, now, progress);
        } catch (RuntimeException e) {
            tally.restore(progress);
            LOG.warn("heartbeat of node {} failed: {}", nodeId, e.toString());
            return;
        }
        if (now.isAfter(lastBeat.plus(shareValidity()))) {
            // the other nodes may have written this node off: they count it again from now
            liveSince = now;
        }
        lastBeat = now;
        lastBeatNanos = System.nanoTime();
        status = rollout.evaluate(membership.runId(), now, status);
        List<String> lost = runs.markLostNodes(membership.runId(), now.minus(config.nodeLostAfter()));
        for (String node : lost) {
            alarm(Alarm.Kind.NODE_LOST, now, "node " + node + " stopped its heartbeat; its leased work is claimed "
                    + "again after the lease");
        }
        checkRun(now);
    }

    /**
     * Waits, up to {@code max} of real time, until every other live node has seen this one (see
     * {@link #refreshShare}), reading the nodes' heartbeats every tenth of a heartbeat interval (at
     * most every 100 ms) and heartbeating when one is due; returns at once when this node is seen.
     *
     * @param closing counted down when the engine closes: the wait ends
     */
    public void awaitSeen(Duration max, CountDownLatch closing) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long step = Math.max(1, Math.min(100, config.heartbeatInterval().toMillis() / 10));
        while (!seen() && System.nanoTime() - deadline < 0) {
            if (closing.await(step, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return;
            }
            synchronized (this) {
                if (membership == null) {
                    return;
                }
                // beat meanwhile: two nodes that joined together each wait for the other's heartbeat
                Instant beatBefore = lastBeat;
                beat(time.now(), false);
                if (lastBeat.equals(beatBefore)) {
                    LocalDate date = membership.businessDate();
                    try {
                        refreshShare(time.now(), runs.list(date.minusDays(1), date));
                    } catch (RuntimeException e) {
                        LOG.warn("reading the nodes' heartbeats failed: {}", e.toString());
                        return;
                    }
                }
            }
        }
    }

    /**
     * Between heartbeats the nodes are read every tenth of the interval, at most every second: a node
     * that joined is seen by this one's next heartbeat, which then comes at once.
     */
    private Duration readInterval() {
        Duration tenth = config.heartbeatInterval().dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : tenth;
    }

    private void readShare(Instant now) {
        LocalDate date = membership.businessDate();
        try {
            refreshShare(now, runs.list(date.minusDays(1), date));
        } catch (RuntimeException e) {
            lastRead = now;
            LOG.warn("reading the nodes' heartbeats failed: {}", e.toString());
        }
    }

    private synchronized boolean seen() {
        return share == null || share.cleared();
    }

    /**
     * How long a share holds without a newer heartbeat: a heartbeat interval short of the age at which
     * the other nodes count this one lost and take its share.
     */
    private Duration shareValidity() {
        Duration validity = config.nodeLostAfter().minus(config.heartbeatInterval());
        return validity.isZero() ? config.nodeLostAfter().dividedBy(2) : validity;
    }

    /**
     * Works out the share from the runs of the business date and the day before (at midnight some
     * nodes are still in yesterday's run): the live nodes are those ACTIVE with a heartbeat newer than
     * the lost-after age, and those that left within the last second and permit wait; this node is cleared once every other live node heartbeated at or after
     * this node became live, so their last count included it.
     */
    private void refreshShare(Instant now, List<RunView> views) {
        Map<String, Instant> live = new TreeMap<>();
        Map<String, Instant> joins = new TreeMap<>();
        Instant aliveAfter = now.minus(config.nodeLostAfter());
        // a node that left sent until its last heartbeat: its share stays counted for a second and
        // the permit wait more, so no window holds its last requests and another node's larger share
        Instant leftAfter = now.minus(config.permitWait().plusSeconds(1));
        for (RunView view : views) {
            for (RunStore.RunNode node : view.nodes()) {
                Instant after = node.status() == RunStore.NodeStatus.ACTIVE ? aliveAfter : leftAfter;
                if (node.status() != RunStore.NodeStatus.LOST && node.heartbeatAt().isAfter(after)) {
                    live.merge(node.nodeId(), node.heartbeatAt(), (a, b) -> a.isAfter(b) ? a : b);
                    // it waits until every other node heartbeated after it joined
                    if (!node.nodeId().equals(nodeId) && node.status() == RunStore.NodeStatus.ACTIVE) {
                        joins.merge(node.nodeId(), node.startedAt(), (x, y) -> x.isAfter(y) ? x : y);
                    }
                }
            }
        }
        live.put(nodeId, now);
        boolean cleared = live.entrySet().stream()
                .allMatch(e -> e.getKey().equals(nodeId) || !e.getValue().isBefore(liveSince));
        int rank = List.copyOf(live.keySet()).indexOf(nodeId);
        boolean justCleared = cleared && live.size() > 1 && (share == null || !share.cleared());
        FleetShare next = new FleetShare(live.size(), rank, cleared, justCleared);
        for (Map.Entry<String, Instant> join : joins.entrySet()) {
            beatDue |= join.getValue().isAfter(lastBeat) && !join.getValue().equals(greeted.get(join.getKey()));
        }
        lastRead = now;
        greeted = joins;
        if (!next.equals(share)) {
            LOG.info("node {} shares the banks' quotas with {} other live node(s) (rank {}, {})", nodeId,
                    live.size() - 1, rank, cleared ? "sending" : "waiting until every other node has seen it");
        }
        share = next;
        // the share holds from the last heartbeat, not from this read: the others count this node by it
        onShare.accept(next, lastBeat.plus(shareValidity()), lastBeatNanos + shareValidity().toNanos());
    }

    private void checkRun(Instant now) {
        LocalDate date = membership.businessDate();
        List<RunView> views = runs.list(date.minusDays(1), date);
        refreshShare(now, views);
        Optional<RunView> view = views.stream().filter(v -> v.businessDate().equals(date)).findFirst();
        if (view.isEmpty() || view.get().status() != RunStatus.RUNNING) {
            return;
        }
        RunView run = view.get();
        if (overMaxAlarmedRun != run.id() && now.isAfter(run.startedAt().plus(config.runMaxDuration()))) {
            overMaxAlarmedRun = run.id();
            alarm(Alarm.Kind.RUN_OVER_MAX_DURATION, now, "run " + run.id() + " of " + run.businessDate()
                    + " is still RUNNING after " + config.runMaxDuration());
        }
        Instant lastProgress = run.lastProgressAt() == null ? run.startedAt() : run.lastProgressAt();
        if (now.isAfter(lastProgress.plus(config.noProgressAlarmAfter()))) {
            if (noProgressAlarmedAt == null || noProgressAlarmedAt.isBefore(lastProgress)) {
                long due = store.countDue(now);
                if (due > 0) {
                    noProgressAlarmedAt = now;
                    alarm(Alarm.Kind.RUN_WITHOUT_PROGRESS, now, "run " + run.id() + " made no progress since "
                            + lastProgress + " while " + due + " work items are due");
                }
            }
        }
    }

    /**
     * After a pass: the run is COMPLETED when no work item is due before the end of its business
     * date (paused schedules' items aside), and RUNNING again when work appeared after that.
     */
    public synchronized void afterPass(long claimed) {
        if (membership == null) {
            return;
        }
        Instant now = time.now();
        if (status == RunStatus.COMPLETED && claimed > 0
                && runs.transition(membership.runId(), RunStatus.COMPLETED, RunStatus.RUNNING, now)) {
            status = RunStatus.RUNNING;
        }
        if (status == RunStatus.RUNNING) {
            Instant endOfDay = membership.businessDate().plusDays(1).atStartOfDay(config.businessZone()).toInstant();
            if (store.countDue(endOfDay) == 0 && runs.transition(membership.runId(), RunStatus.RUNNING,
                    RunStatus.COMPLETED, now)) {
                status = RunStatus.COMPLETED;
                LOG.info("run {} of {} completed: no work due before the end of its business date",
                        membership.runId(), membership.businessDate());
            }
        }
    }

    /** Reports the last progress and leaves the run. */
    public synchronized void leave() {
        if (membership == null) {
            return;
        }
        Instant now = time.now();
        beat(now, true);
        runs.leave(membership.runId(), nodeId, now);
        membership = null;
    }

    private void alarm(Alarm.Kind kind, Instant now, String detail) {
        LOG.warn("{}: {}", kind, detail);
        listener.alarm(new Alarm(kind, now, null, null, detail));
    }

    /** Receives each share worked out, with the instants it holds until by the time source and by {@link System#nanoTime()}. */
    @FunctionalInterface
    public interface ShareSink {
        void accept(FleetShare share, Instant validUntil, long validUntilNanos);
    }
}
