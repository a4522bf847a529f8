package dev.autotransfer.internal;

import dev.autotransfer.bank.BankTerms;

/**
 * This node's place in the fleet of engines over one database, as its last heartbeat saw it, and
 * the share of each bank's quotas that follows from it.
 *
 * <p>Of the live nodes, the first {@code k} by node id send to a bank, {@code k} being the live
 * nodes but at most half the bank's requests per second and at most its calls in flight, so every
 * sender gets a share worth having. Each sender may have {@code b = floor(R / k)} requests in any
 * one-second window. Its limiter grants {@code L} permits per cycle ({@code L} is 1 up to 400
 * requests per second per sender, then a two-hundredth of them), so a window of {@code w} seconds
 * meets at most {@code ceil(w * rate / L) + 1} cycles; with {@code rate = L * (floor(b / L) - 1) / w}
 * that is at most {@code b} permits, {@code w} being 1.02 s to allow for requests spreading out
 * between permit and arrival. The {@code k} senders together stay within {@code R} in every
 * one-second window. Calls in flight are
 * split evenly, {@code C / k} each. A node not yet seen by every other live node (it just joined, or
 * its heartbeat lapsed) sends nothing: the others still divide the quota without it.
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

    /** What a request's spread between permit and arrival may add to a one-second window, as a fraction. */
    static final double SPREAD = 0.02;

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
        int k = senders(terms);
        if (!cleared || rank >= k) {
            return 0;
        }
        int budget = terms.requestsPerSecond() / k;
        int burst = permitsPerCycle(terms);
        double permits = (double) burst * (budget / burst - 1);
        return Math.max(permits, 0.5) / (1 + SPREAD);
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
