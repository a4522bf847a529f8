package dev.autotransfer.internal.fleet;

import dev.autotransfer.config.OutcomeClass;
import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.internal.events.SafeListener;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.spi.RunStore;
import dev.autotransfer.spi.RunStore.RolloutState;
import dev.autotransfer.spi.RunStore.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the run's gradual rollout ({@link RolloutPolicy}): reserves new sends from the
 * run in blocks and hands them out one by one, counts the outcomes of its sends, and at each
 * heartbeat reports them, judges the fleet's failure rate, stops the run or moves it to the next
 * stage. Thread-safe: {@link #takeSend()} and {@link #judged} take no lock (they run inside claims
 * and calls); the rest is synchronized and touches the store only outside any claim.
 */
public final class RolloutController {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutController.class);
    private static final long PPM = 1_000_000;

    private final RolloutPolicy policy;
    private final List<RolloutPolicy.Stage> stages;
    private final RunStore runs;
    private final String nodeId;
    private final SafeListener listener;
    private final Duration recheck;
    private final LongAdder outcomes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicLong budget = new AtomicLong();
    private volatile boolean unlimited;
    private volatile Instant stageEndsAt;

    private volatile long runId = -1;
    private int stage = -1;
    private volatile boolean exhausted;
    private volatile boolean failed;

    public RolloutController(RolloutPolicy policy, RunStore runs, String nodeId, SafeListener listener, Duration recheck) {
        this.policy = policy;
        this.stages = policy.stages();
        this.runs = runs;
        this.nodeId = nodeId;
        this.listener = listener;
        this.recheck = recheck;
        this.unlimited = stages.isEmpty();
    }

    /**
     * Before a claim: while the run's stage is capped and this node's reservation is used up,
     * reserves a block of at least {@code wanted} sends (0 when the run is stopped: nothing to do).
     * After a refusal (cap reached) it asks again only after the next heartbeat's evaluation or once
     * the stage's time has passed (then it judges the run itself, so a stage ends on time without
     * waiting for a heartbeat). A store failure leaves the budget as it is and waits for the next
     * heartbeat: new sends wait, nothing is lost.
     */
    public void prepare(long run, int wanted, Instant now) {
        if (stages.isEmpty() || unlimited && run == runId) {
            return;
        }
        synchronized (this) {
            reserve(run, wanted, now);
        }
    }

    private void reserve(long run, int wanted, Instant now) {
        forRun(run);
        boolean stageOver = stageEndsAt == null || !now.isBefore(stageEndsAt);
        // topped up only when used up, so an idle node does not hoard the stage's sends
        if (unlimited || wanted == 0 || budget.get() > 0 || failed || exhausted && !stageOver) {
            return;
        }
        try {
            RunStatus status = stage < 0 || stageOver ? judge(run, now, window(run, now)) : RunStatus.RUNNING;
            for (int tries = 0; tries < 2 && active(status) && !unlimited; tries++) {
                int at = stage;
                long granted = runs.reserveSends(run, at, stages.get(at).sends(),
                        Math.max(policy.reservationBlock(), wanted));
                if (granted > 0) {
                    budget.addAndGet(granted);
                    exhausted = false;
                    return;
                }
                status = judge(run, now, window(run, now));
                if (stage == at) {
                    break;
                }
            }
            exhausted = !unlimited;
            LOG.debug("run {}: no new sends reserved in stage {} ({}); new sends wait", run, stage + 1, status);
        } catch (RuntimeException e) {
            failed = true;
            LOG.warn("reserving new sends of run {} failed; new sends wait for the next heartbeat: {}", run,
                    e.toString());
        }
    }

    /** Takes one new send from this node's reservation; false when the stage's share is used up. */
    public boolean takeSend() {
        if (unlimited) {
            return true;
        }
        while (true) {
            long left = budget.get();
            if (left <= 0) {
                return false;
            }
            if (budget.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    /**
     * When a new send refused by {@link #takeSend()} is tried again: at once when only this node's
     * reservation ran out mid-chunk (the next claim reserves more); after a heartbeat when reserving
     * failed; else (the stage's cap is reserved) at the stage's earliest end, or after a heartbeat
     * when that has passed.
     */
    public Instant postponeUntil(Instant now) {
        if (failed) {
            return now.plus(recheck);
        }
        if (!exhausted) {
            return now;
        }
        Instant end = stageEndsAt;
        Instant soon = now.plus(recheck);
        return end != null && end.isAfter(soon) ? end : soon;
    }

    /** Counts the answer to one send (a not-sent refusal counts as nothing). */
    public void judged(TransferOutcome outcome) {
        if (!policy.stopsOnFailureRate() || !OutcomeClass.counts(outcome)) {
            return;
        }
        outcomes.increment();
        if (OutcomeClass.of(outcome).filter(policy.failureClasses()::contains).isPresent()) {
            failures.increment();
        }
    }

    /**
     * At a heartbeat: reports this node's outcomes, reads the run's rollout, stops the run when the
     * fleet's failure rate is over the limit (the node whose update stops it raises the alarm), else
     * moves it to the next stage when the current one has lasted long enough.
     *
     * @return the run's status as judged now
     */
    public RunStatus evaluate(long run, Instant now, RunStatus status) {
        if (stages.isEmpty() && !policy.stopsOnFailureRate()) {
            return status;
        }
        long counted = outcomes.sumThenReset();
        long failedCount = failures.sumThenReset();
        try {
            if (counted > 0) {
                runs.addOutcomes(run, nodeId, now, counted, failedCount);
            }
        } catch (RuntimeException e) {
            outcomes.add(counted);
            failures.add(failedCount);
            LOG.warn("reporting the outcomes of node {} in run {} failed: {}", nodeId, run, e.toString());
            return status;
        }
        synchronized (this) {
            forRun(run);
            try {
                RunStatus judged = judge(run, now, window(run, now));
                exhausted = false;
                failed = false;
                return judged;
            } catch (RuntimeException e) {
                LOG.warn("judging the rollout of run {} failed: {}", run, e.toString());
                return status;
            }
        }
    }

    private RolloutState window(long run, Instant now) {
        return runs.rolloutState(run, now.minus(policy.evaluationWindow()));
    }

    /** Learns the state; stops the run if over the limit, else moves it on when its stage has lasted. */
    private RunStatus judge(long run, Instant now, RolloutState state) {
        learn(state);
        if (state.status() != RunStatus.RUNNING && state.status() != RunStatus.COMPLETED) {
            // stopped or failed; a COMPLETED run may have found new work and is judged like a RUNNING one
            return state.status();
        }
        if (overLimit(state)) {
            stop(run, now, state);
            return RunStatus.STOPPED;
        }
        int at = state.rollout().stage();
        if (at < stages.size() && !now.isBefore(state.rollout().stageStartedAt().plus(stages.get(at).minDuration()))) {
            if (runs.advanceStage(run, at, now)) {
                LOG.info("run {} moves from stage {} to {} ({}); {} failures in {} outcomes in the window", run, at + 1,
                        at + 2, at + 1 < stages.size() ? "up to " + stages.get(at + 1).sends() + " sends" : "unlimited",
                        state.failures(), state.outcomes());
            }
            // moved by this node or by another one a moment ago: the next stage began about now
            learn(at + 1, now);
        }
        return state.status();
    }

    private static boolean active(RunStatus status) {
        return status == RunStatus.RUNNING || status == RunStatus.COMPLETED;
    }

    private boolean overLimit(RolloutState state) {
        if (!policy.stopsOnFailureRate() || state.outcomes() < policy.minOutcomes()) {
            return false;
        }
        long limitPpm = Math.round(policy.maxFailureRate() * PPM);
        return state.failures() * PPM > limitPpm * state.outcomes();
    }

    private void stop(long run, Instant now, RolloutState state) {
        Instant from = now.minus(policy.evaluationWindow());
        Instant since = state.rollout().evaluatedFrom().isAfter(from) ? state.rollout().evaluatedFrom() : from;
        String reason = String.format(Locale.ROOT, "failure rate %.1f%% (%d of %d outcomes since %s) above the limit "
                        + "%.1f%%, counting %s", 100.0 * state.failures() / state.outcomes(), state.failures(),
                state.outcomes(), since, 100 * policy.maxFailureRate(), policy.failureClasses());
        if (runs.stop(run, reason, now)) {
            String detail = "run " + run + " stopped: " + reason + "; new sends stop on every node, open attempts are"
                    + " still resolved; resume it explicitly";
            LOG.warn("{}: {}", Alarm.Kind.FAILURE_RATE_OVER_LIMIT, detail);
            listener.alarm(new Alarm(Alarm.Kind.FAILURE_RATE_OVER_LIMIT, now, null, null, detail));
        }
    }

    private void forRun(long run) {
        if (run != runId) {
            runId = run;
            stage = -1;
            exhausted = false;
            failed = false;
            budget.set(0);
            unlimited = stages.isEmpty();
            stageEndsAt = null;
        }
    }

    private void learn(RolloutState state) {
        learn(state.rollout().stage(), state.rollout().stageStartedAt());
    }

    private void learn(int at, Instant stageStartedAt) {
        stage = at;
        unlimited = at >= stages.size();
        stageEndsAt = unlimited ? null : stageStartedAt.plus(stages.get(at).minDuration());
    }
}
