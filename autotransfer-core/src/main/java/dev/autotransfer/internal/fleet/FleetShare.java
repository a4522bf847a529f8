package dev.autotransfer.internal.fleet;

import dev.autotransfer.bank.BankTerms;

/**
 * This node's place in the fleet of engines over one database, as its last heartbeat saw it, and
 * the share of each bank's quotas that follows from it.
 *
 * <p>Of the live nodes, the first {@code k} by node id send to a bank, {@code k} being the live
 * nodes but at most half the bank's requests per second and at most its calls in flight, so every
 * sender gets a share worth having. Each sender may send {@code b = floor(R / k)} requests in any
 * window of {@link #WINDOW_NANOS} (one second and {@link #SPREAD} more, for requests that take
 * longer than others on their way to the bank), counted exactly at the moment each request leaves
 * ({@link ExactRateWindow}); so the {@code k} senders together stay within {@code R} in every one-second
 * window at the bank. Its rate limiter paces the requests at {@code b} per window, {@code L}
 * permits per cycle ({@code L} is 1 up to 400 requests per second per sender, then a two-hundredth
 * of them). Calls in flight are split evenly, {@code C / k} each. A node not yet seen by every other
 * live node (it just joined, or its heartbeat lapsed) sends nothing: the others still divide the
 * quota without it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param liveNodes the nodes alive by their heartbeats, this one included, at least 1
 * @param rank this node's position among them by node id, from 0
 * @param cleared whether every other live node heartbeated since this node became live
 * @param justCleared whether {@code cleared} became true at this heartbeat (the others' limiters
 *     may still hold permits promised under the old count, so this node's first permits wait)
 */
public record FleetShare(int liveNodes, int rank, boolean cleared, boolean justCleared) {

    /** A node alone. */
    public static final FleetShare ALONE = new FleetShare(1, 0, true, false);

    /**
     * How much longer than others a request may take from leaving this node to arriving at the bank
     * without the bank seeing more than its quota in a second, as a fraction of a second.
     */
    static final double SPREAD = 0.02;

    /** The window over which each sender's requests are counted: one second and the spread. */
    public static final long WINDOW_NANOS = (long) ((1 + SPREAD) * 1_000_000_000L);

    /** Validates the counts. */
    public FleetShare {
        if (liveNodes < 1) {
            throw new IllegalArgumentException("liveNodes must be at least 1, was " + liveNodes);
        }
        if (rank < 0 || rank >= liveNodes) {
            throw new IllegalArgumentException("rank must be 0.." + (liveNodes - 1) + ", was " + rank);
        }
    }

    /** How many nodes send to a bank with these terms. */
    public int senders(BankTerms terms) {
        int byRate = terms.requestsPerSecond() / 2;
        return Math.max(1, Math.min(liveNodes, Math.min(byRate, terms.maxConcurrentCalls())));
    }

    /** This node's requests per second to the bank; 0 when it must not send. */
    public double requestsPerSecond(BankTerms terms) {
        int budget = budget(terms);
        if (budget == 0) {
            return 0;
        }
        int burst = permitsPerCycle(terms);
        return (double) burst * (budget / burst) / (1 + SPREAD);
    }

    /** How many requests this node may send to the bank in any window of {@link #WINDOW_NANOS}; 0 when it must not send. */
    public int budget(BankTerms terms) {
        int k = senders(terms);
        return !cleared || rank >= k ? 0 : terms.requestsPerSecond() / k;
    }

    /** How many permits this node's limiter grants per cycle for the bank: 1, or a two-hundredth of its share. */
    public int permitsPerCycle(BankTerms terms) {
        int budget = terms.requestsPerSecond() / senders(terms);
        return budget < 400 ? 1 : budget / 200;
    }

    /** This node's calls in flight to the bank, at least 1, at most {@code poolSize}. */
    public int concurrentCalls(BankTerms terms, int poolSize) {
        if (terms.maxConcurrentCalls() == Integer.MAX_VALUE) {
            return poolSize;
        }
        return Math.max(1, Math.min(poolSize, terms.maxConcurrentCalls() / senders(terms)));
    }
}
