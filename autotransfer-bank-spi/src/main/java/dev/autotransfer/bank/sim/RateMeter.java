package dev.autotransfer.bank.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Counts one bank's transfer requests over a sliding one-second window of the simulation clock, as
 * banks enforce quotas: a request is admitted only while fewer than the quota were admitted in the
 * last second. It also records the most requests that arrived (admitted or refused) in any such
 * window, for benchmarks. A window ending at {@code t} is {@code (t - 1 s, t]}: exclusive start,
 * inclusive end. Guarded by its desk's arrival lock: requests are counted when they arrive, before
 * they queue for the bank's processing.
 */
final class RateMeter {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final Window arrived = new Window();
    private final Window admitted = new Window();
    private int maxArrived;

    /** Records a request arriving at {@code now}, whatever becomes of it. */
    void arrive(Instant now) {
        arrived.forgetUpTo(now.minus(WINDOW));
        arrived.add(now);
        maxArrived = Math.max(maxArrived, arrived.total);
    }

    /**
     * Says whether the quota admits a request at {@code now}, and counts it if so.
     *
     * @return false when {@code quota} requests were already admitted in the second ending at {@code now}
     */
    boolean admit(Instant now, int quota) {
        admitted.forgetUpTo(now.minus(WINDOW));
        if (admitted.total >= quota) {
            return false;
        }
        admitted.add(now);
        return true;
    }

    /** The most requests that arrived within any one-second window (exclusive start, inclusive end). */
    int maxArrivedPerSecond() {
        return maxArrived;
    }

    /** Requests counted per instant, in arrival order; requests of one instant share an entry. */
    private static final class Window {
        private final ArrayDeque<Bucket> buckets = new ArrayDeque<>();
        private int total;

        void add(Instant now) {
            Bucket last = buckets.peekLast();
            if (last != null && last.at.equals(now)) {
                last.count++;
            } else {
                buckets.addLast(new Bucket(now));
            }
            total++;
        }

        /** Drops the requests at or before {@code horizon}; the clock never goes backwards. */
        void forgetUpTo(Instant horizon) {
            while (!buckets.isEmpty() && !buckets.getFirst().at.isAfter(horizon)) {
                total -= buckets.removeFirst().count;
            }
        }
    }

    private static final class Bucket {
        private final Instant at;
        private int count = 1;

        Bucket(Instant at) {
            this.at = at;
        }
    }
}
