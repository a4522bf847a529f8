package dev.autotransfer.bank.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Counts one bank's transfer requests: a quota per whole second of the simulation clock, and the
 * highest rate seen over any sliding one-second window, for benchmarks. Guarded by the bank's lock.
 */
final class RateMeter {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final ArrayDeque<Instant> recent = new ArrayDeque<>();
    private long windowSecond = Long.MIN_VALUE;
    private int admittedInWindow;
    private int maxObserved;

    /**
     * Records an arriving request and says whether the quota admits it.
     *
     * @return false when {@code quota} requests were already admitted in {@code now}'s second
     */
    boolean arrive(Instant now, int quota) {
        recent.addLast(now);
        Instant horizon = now.minus(WINDOW);
        while (!recent.getFirst().isAfter(horizon)) {
            recent.removeFirst();
        }
        maxObserved = Math.max(maxObserved, recent.size());
        if (now.getEpochSecond() != windowSecond) {
            windowSecond = now.getEpochSecond();
            admittedInWindow = 0;
        }
        if (admittedInWindow >= quota) {
            return false;
        }
        admittedInWindow++;
        return true;
    }

    /** The most requests received within any one-second window (exclusive start, inclusive end). */
    int maxObservedPerSecond() {
        return maxObserved;
    }
}
