package dev.autotransfer.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Persists runs: one logical run per business date shared by every node, and a row per node with
 * its heartbeat and its own progress counters (summed on read, so no shared row is hot).
 *
 * <p><b>Contract.</b> {@link #join} is idempotent and safe under concurrency: any number of nodes
 * joining the same business date at once end up in one run. Counters only grow. A status moves
 * only through {@link #transition}, which is conditional on the status the caller saw. Methods
 * block for at most one short transaction and throw a subclass of
 * {@link dev.autotransfer.AutoTransferException} when the store fails.
 *
 * <p><b>Thread-safety.</b> Implementations must be safe for concurrent use by any number of threads.
 */
public interface RunStore {

    /**
     * Joins (creating if needed, as RUNNING) the run of the business date, and marks this node
     * ACTIVE in it with a fresh heartbeat. A node that was marked LOST or STOPPED becomes ACTIVE
     * again, keeping its first join time and its counters.
     *
     * @return the run this node is now part of, with its status as stored
     */
    RunMembership join(LocalDate businessDate, String nodeId, Instant now);

    /**
     * Records this node's heartbeat and adds its progress since the last call; when the delta
     * processed anything, the run's last progress time becomes {@code now} unless it is already
     * later (it never moves back). Writes only this node's row and, on progress, the run's last
     * progress time; the node's status is left as it is.
     *
     * @return the run's status as stored now, so a node learns a stop decided elsewhere
     * @throws IllegalArgumentException if this node has not joined the run
     */
    RunStatus heartbeat(long runId, String nodeId, Instant now, NodeProgress delta);

    /**
     * Marks LOST every ACTIVE node of the run whose heartbeat is older than {@code heartbeatBefore}.
     * Safe when several nodes call it at once: each node marked is reported by exactly one caller,
     * and a node whose heartbeat lands meanwhile is not marked.
     *
     * @return the ids of the nodes marked now by this call
     */
    List<String> markLostNodes(long runId, Instant heartbeatBefore);

    /**
     * Marks this node STOPPED in the run (it left cleanly), with {@code now} as its last heartbeat.
     *
     * @throws IllegalArgumentException if this node has not joined the run
     */
    void leave(long runId, String nodeId, Instant now);

    /**
     * Moves the run from {@code from} to {@code to}; sets the end time to {@code now} when
     * {@code to} is not RUNNING, and clears it when it is.
     *
     * @return whether this call made the change (false when the status was no longer {@code from})
     */
    boolean transition(long runId, RunStatus from, RunStatus to, Instant now);

    /**
     * Reserves up to {@code block} new sends for the caller while the run is RUNNING (or COMPLETED:
     * a completed run that found new work goes on) in stage {@code stage}, so that the sends reserved over the whole run stay at or below {@code cap}: a
     * conditional update of the run's row, exact across any number of nodes. A reservation the
     * caller does not use is never given back (a node that leaves loses it).
     *
     * @return the sends granted, 0..block: 0 when the cap is reached, the run moved to another stage,
     *     or it is STOPPED or FAILED
     * @throws IllegalArgumentException if {@code stage}, {@code cap} or {@code block} is out of range
     */
    long reserveSends(long runId, int stage, long cap, long block);

    /**
     * Adds the outcomes this node counted since its last report, and how many of them were failures,
     * as one sample stamped {@code now}; {@link #rolloutState} sums the samples of every node.
     *
     * @throws IllegalArgumentException if a count is negative or failures exceed outcomes
     */
    void addOutcomes(long runId, String nodeId, Instant now, long outcomes, long failures);

    /**
     * The run's rollout state, with the outcomes and failures of every node sampled at or after
     * {@code windowStart}, or after the run's last resume if that is later (old failures never
     * judge a resumed run).
     *
     * @throws IllegalArgumentException if no such run exists
     */
    RolloutState rolloutState(long runId, Instant windowStart);

    /**
     * Moves a RUNNING (or COMPLETED) run from stage {@code from} to the next one, which begins
     * {@code now}.
     *
     * @return whether this call moved it (false when another node moved it first or it is STOPPED or FAILED)
     */
    boolean advanceStage(long runId, int from, Instant now);

    /**
     * Stops a RUNNING run (or a COMPLETED one, which may have found new work): STOPPED, with the reason and {@code now} stored as its stop and end time.
     * Every node learns it at its next {@link #heartbeat} and stops new sends; open attempts are
     * still resolved.
     *
     * @param reason why, for operators, 1..500 characters
     * @return whether this call stopped it (false when it was already STOPPED or FAILED)
     */
    boolean stop(long runId, String reason, Instant now);

    /**
     * Resumes a STOPPED run: RUNNING again, its end time cleared, its current stage beginning again
     * at {@code now} and its failure rate judged only on outcomes from {@code now} on. The stop's
     * time and reason are kept for the record. Work items whose new send waited for the stop are made
     * claimable now (not after the engine's park interval). An operator's decision, never the
     * engine's: call it once the cause of the stop is understood (docs/rollout.md).
     *
     * @return whether this call resumed it (false when it was not STOPPED)
     */
    boolean resume(long runId, Instant now);

    /** The run of a business date with its nodes and summed counters, if any node ever joined it. */
    Optional<RunView> find(LocalDate businessDate);

    /** Runs whose business date lies in the range (inclusive), newest first. */
    List<RunView> list(LocalDate from, LocalDate to);

    /**
     * Whether some node was alive at the instant: it had joined a run by then and its heartbeat
     * reached at least {@code instant - tolerance}. Decides whether an occurrence was missed
     * (it fell due while no node was alive) or is merely late. Nodes of any run count.
     */
    boolean anyNodeAliveAt(Instant instant, Duration tolerance);

    /**
     * A node's membership of a run.
     *
     * @param runId the run's id
     * @param businessDate the run's business date
     * @param status the run's status when joined
     */
    record RunMembership(long runId, LocalDate businessDate, RunStatus status) {
    }

    /**
     * Progress a node made since its last heartbeat; every count at least 0.
     *
     * @param processed occurrences the node acted on (a bank call made or a final state written)
     * @param succeeded occurrences that succeeded
     * @param failed definitive failures recorded
     */
    record NodeProgress(long processed, long succeeded, long failed) {

        /** No progress. */
        public static final NodeProgress NONE = new NodeProgress(0, 0, 0);

        /** Validates that no count is negative. */
        public NodeProgress {
            if (processed < 0 || succeeded < 0 || failed < 0) {
                throw new IllegalArgumentException("progress counts must not be negative, was processed="
                        + processed + " succeeded=" + succeeded + " failed=" + failed);
            }
        }

        /** This progress plus another. */
        public NodeProgress plus(NodeProgress other) {
            return new NodeProgress(processed + other.processed, succeeded + other.succeeded, failed + other.failed);
        }

        /** Whether nothing was counted. */
        public boolean isEmpty() {
            return processed == 0 && succeeded == 0 && failed == 0;
        }
    }

    /** A run's status. */
    enum RunStatus { RUNNING, COMPLETED, FAILED, STOPPED }

    /** A node's status within a run. */
    enum NodeStatus { ACTIVE, STOPPED, LOST }

    /**
     * A run as stored, with its nodes; counters are the sums over its nodes.
     *
     * @param id the run's id
     * @param businessDate its business date
     * @param status its status
     * @param startedAt when the first node joined
     * @param endedAt when it left RUNNING, or null
     * @param lastProgressAt when a node last reported progress, or null
     * @param processed occurrences processed, summed over nodes
     * @param succeeded succeeded, summed over nodes
     * @param failed definitive failures, summed over nodes
     * @param nodes its nodes, by node id
     * @param rollout its rollout stage, reserved sends and last stop
     */
    record RunView(long id, LocalDate businessDate, RunStatus status, Instant startedAt, Instant endedAt,
            Instant lastProgressAt, long processed, long succeeded, long failed, List<RunNode> nodes,
            RunRollout rollout) {

        /** Copies the node list. */
        public RunView {
            nodes = List.copyOf(nodes);
            java.util.Objects.requireNonNull(rollout, "rollout");
        }
    }

    /**
     * A run's gradual rollout as stored. Immutable.
     *
     * @param stage the current stage, 0-based (a stage past the policy's last is unlimited)
     * @param stageStartedAt when the current stage began
     * @param sendsReserved new sends reserved by all nodes since the run started
     * @param evaluatedFrom the earliest instant whose outcomes count in the failure rate: the run's
     *     start, or its last resume
     * @param stoppedAt when it was last stopped by {@link RunStore#stop}, or null
     * @param stopReason why it was last stopped, or null
     */
    record RunRollout(int stage, Instant stageStartedAt, long sendsReserved, Instant evaluatedFrom,
            Instant stoppedAt, String stopReason) {
    }

    /**
     * What a node judges the rollout by: the run's status and rollout with the window's sums. Immutable.
     *
     * @param status the run's status
     * @param rollout its rollout as stored
     * @param outcomes outcomes sampled by every node in the window
     * @param failures of which failures
     */
    record RolloutState(RunStatus status, RunRollout rollout, long outcomes, long failures) {
    }

    /**
     * One node's row in a run.
     *
     * @param nodeId the node
     * @param status its status
     * @param startedAt when it joined
     * @param heartbeatAt its last heartbeat
     * @param processed its processed count
     * @param succeeded its succeeded count
     * @param failed its failed count
     */
    record RunNode(String nodeId, NodeStatus status, Instant startedAt, Instant heartbeatAt, long processed,
            long succeeded, long failed) {
    }
}
