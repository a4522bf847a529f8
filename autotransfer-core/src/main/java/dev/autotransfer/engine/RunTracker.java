package dev.autotransfer.engine;

import dev.autotransfer.spi.RunStore;
import dev.autotransfer.spi.RunStore.NodeProgress;
import dev.autotransfer.spi.RunStore.RunMembership;
import dev.autotransfer.spi.RunStore.RunStatus;
import dev.autotransfer.spi.RunStore.RunView;
import dev.autotransfer.spi.TransferStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the shared run: joins the run of the business date, reports heartbeats and
 * progress, marks nodes whose heartbeat stopped, and raises the run's alarms (no progress while work
 * is due; still RUNNING past its maximum); at each heartbeat the rollout judges the run, at a join
 * its size is checked. Thread-safe (synchronized; called between chunks).
 */
final class RunTracker {

    private static final Logger LOG = LoggerFactory.getLogger(AutoTransferEngine.class);

    private final RunStore runs;
    private final TransferStore store;
    private final EngineConfig config;
    private final SafeListener listener;
    private final TimeSource time;
    private final String nodeId;
    private final Tally tally;
    private final RolloutController rollout;
    private final RunSizeCheck runSize;
    private static final int LIVENESS_DAYS = 400;

    private RunMembership membership;
    private Instant joinedAt;
    private volatile List<Instant[]> lifetimes = List.of();
    private RunStatus status;
    private Instant lastBeat = Instant.MIN;
    private long overMaxAlarmedRun = -1;
    private Instant noProgressAlarmedAt;

    RunTracker(RunStore runs, TransferStore store, EngineConfig config, SafeListener listener, TimeSource time,
            String nodeId, Tally tally, RolloutController rollout, RunSizeCheck runSize) {
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
    synchronized RunMembership current() {
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
            joinedAt = now;
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
     * transaction is open. Called at the start of each pass; a failure keeps the last snapshot.
     */
    synchronized void refreshLiveness() {
        LocalDate today = time.now().atZone(config.businessZone()).toLocalDate();
        try {
            List<Instant[]> spans = new java.util.ArrayList<>();
            for (RunView run : runs.list(today.minusDays(LIVENESS_DAYS), today)) {
                run.nodes().forEach(node -> spans.add(new Instant[] {node.startedAt(), node.heartbeatAt()}));
            }
            lifetimes = List.copyOf(spans);
        } catch (RuntimeException e) {
            LOG.warn("reading the nodes' lifetimes failed, keeping the last snapshot: {}", e.toString());
        }
    }

    /**
     * Whether some node was alive at the instant: by the snapshot, or this node, which is alive from
     * when it joined until now.
     */
    boolean anyNodeAliveAt(Instant instant, java.time.Duration tolerance) {
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
    synchronized boolean newSendsStopped() {
        return status == RunStatus.STOPPED;
    }

    /** Reports a heartbeat when one is due (or {@code force}), then checks nodes and alarms. */
    synchronized void tick(boolean force) {
        if (membership == null) {
            return;
        }
        beat(time.now(), force);
    }

    private void beat(Instant now, boolean force) {
        if (!force && now.isBefore(lastBeat.plus(config.heartbeatInterval()))) {
            return;
        }
        NodeProgress progress = tally.drainProgress();
        try {
            status = runs.heartbeat(membership.runId(), nodeId, now, progress);
        } catch (RuntimeException e) {
            tally.restore(progress);
            LOG.warn("heartbeat of node {} failed: {}", nodeId, e.toString());
            return;
        }
        lastBeat = now;
        status = rollout.evaluate(membership.runId(), now, status);
        List<String> lost = runs.markLostNodes(membership.runId(), now.minus(config.nodeLostAfter()));
        for (String node : lost) {
            alarm(Alarm.Kind.NODE_LOST, now, "node " + node + " stopped its heartbeat; its leased work is claimed "
                    + "again after the lease");
        }
        checkRun(now);
    }

    private void checkRun(Instant now) {
        Optional<RunView> view = runs.find(membership.businessDate());
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
    synchronized void afterPass(long claimed) {
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
    synchronized void leave() {
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
}
