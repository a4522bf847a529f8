package dev.autotransfer.internal.loop;

import dev.autotransfer.spi.LoadSignal;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpressure from the database and the user's {@link LoadSignal}s: additive increase,
 * multiplicative decrease of the workers that claim. Every {@code max} chunks it looks at the mean
 * time of the store's calls (claim with STARTED, record), at the store's strain (a write that failed
 * or timed out on a lock, a claim that threw) and at the signals: strained, the active workers halve
 * (down to one); otherwise one more works, up to {@code max}. Thread-safe (synchronized; the active
 * count is read without a lock).
 */
public final class WorkerLimit {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLimit.class);

    private final int max;
    private final long latencyLimitNanos;
    private final List<LoadSignal> signals;
    private volatile int active;
    private int chunks;
    private int storeCalls;
    private long storeNanos;
    private int strain;

    public WorkerLimit(int max, Duration storeLatencyLimit, List<LoadSignal> signals) {
        this.max = max;
        this.latencyLimitNanos = storeLatencyLimit.toNanos();
        this.signals = List.copyOf(signals);
        this.active = max;
    }

    /** How many workers may claim now, 1..max. */
    public int active() {
        return active;
    }

    /** Records how long one call of the store took. */
    public synchronized void storeCall(long nanos) {
        storeCalls++;
        storeNanos += Math.max(0, nanos);
    }

    /** Records a store write that failed (a lock wait past its timeout, say) or a claim that threw. */
    public synchronized void storeStrain() {
        strain++;
    }

    /** Counts a finished chunk; every {@code max} chunks the active workers are set anew. */
    public synchronized void chunkDone() {
        if (++chunks < max) {
            return;
        }
        double meanNanos = storeCalls == 0 ? 0 : (double) storeNanos / storeCalls;
        boolean strained = meanNanos > latencyLimitNanos || strain > 0 || signalled();
        int before = active;
        active = strained ? Math.max(1, active / 2) : Math.min(max, active + 1);
        if (active != before) {
            LOG.info("{} of {} workers claim: store calls took {} ms on average, {} failed{}", active, max,
                    String.format("%.1f", meanNanos / 1e6), strain, signalled() ? ", a load signal reads 1 or more" : "");
        }
        chunks = 0;
        storeCalls = 0;
        storeNanos = 0;
        strain = 0;
    }

    private boolean signalled() {
        for (LoadSignal signal : signals) {
            try {
                if (signal.load() >= 1) {
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.warn("a load signal failed, counted as no strain: {}", e.toString());
            }
        }
        return false;
    }
}
