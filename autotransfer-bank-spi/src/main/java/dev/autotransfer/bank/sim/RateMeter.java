package dev.autotransfer.bank.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Counts one bank's transfer requests over a sliding one-second window of the simulation clock, as
 * banks enforce quotas: a request is admitted only while fewer than the quota were admitted in the
 * last second. It also records the most requests that arrived (admitted or refused) in any such
 * window, for benchmarks. A window ending at {@code t} is {@code (t - 1 s, t]}: exclusive start,
 * inclusive end. Guarded by the bank's lock.
 */
final class RateMeter {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final ArrayDeque<Instant> arrived = new ArrayDeque<>();
    private final ArrayDeque<Instant> admitted = new ArrayDeque<>();
    private int maxArrived;

    /** Records a request arriving at {@code now}, whatever becomes of it. */
    void arrive(Instant now) {
        arrived.addLast(now);
        forgetBefore(arrived, now);
        maxArrived = Math.max(maxArrived, arrived.size());
    }

    /**
     * Says whether the quota admits a request at {@code now}, and counts it if so.
     *
     * @return false when {@code quota} requests were already admitted in the second ending at {@code now}
     */
    boolean admit(Instant now, int quota) {
        forgetBefore(admitted, now);
        if (admitted.size() >= quota) {
            return false;
        }
        admitted.addLast(now);
        return true;
    }

    /** The most requests that arrived within any one-second window (exclusive start, inclusive end). */
    int maxArrivedPerSecond() {
        return maxArrived;
    }

    /** Drops the instants at or before {@code now - 1 s}; the clock never goes backwards. */
    private static void forgetBefore(ArrayDeque<Instant> instants, Instant now) {
        Instant horizon = now.minus(WINDOW);
        while (!instants.isEmpty() && !instants.getFirst().isAfter(horizon)) {
            instants.removeFirst();
        }
    }
}
