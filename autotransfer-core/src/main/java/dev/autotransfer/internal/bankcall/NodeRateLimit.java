package dev.autotransfer.internal.bankcall;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * This node's share of one bank's request quota, enforced by a resilience4j rate limiter of a few
 * permits per short cycle (see {@link FleetShare}), so permits are spread evenly over each second.
 *
 * <p>A share change takes effect through a new limiter once no caller waits on the old one or the
 * permit wait has passed; meanwhile nobody gets a new permit from the old one, so permits it already
 * promised are not sent alongside the new limiter's; the new one starts without a permit in its first cycle, which callers wait out
 * (with no permit wait at all, the second of the change may hold one cycle's permits more). A share
 * of zero sends nothing. Thread-safe.
 */
final class NodeRateLimit {

    private final String name;
    private final Duration permitWait;
    private final LongSupplier nanoTime;
    private volatile RateLimiter current;
    private volatile double currentRate;
    private volatile Pending pending;
    private long generation;

    private record Pending(RateLimiter limiter, double rate, long notBeforeNanos) {
    }

    NodeRateLimit(String name, double requestsPerSecond, int permitsPerCycle, Duration permitWait,
            LongSupplier nanoTime) {
        this.name = name;
        this.permitWait = permitWait;
        this.nanoTime = nanoTime;
        this.current = requestsPerSecond > 0 ? limiter(requestsPerSecond, permitsPerCycle) : null;
        this.currentRate = requestsPerSecond;
    }

    /** The rate this node will send at once the last change took effect; 0 when it must not send. */
    synchronized double rate() {
        Pending p = pending;
        return p != null ? p.rate : currentRate;
    }

    /**
     * Changes the share; a change from or to zero, or of more than a hundredth, makes a new limiter.
     *
     * @param requestsPerSecond the new share, at least 0
     * @param permitsPerCycle permits granted per cycle, at least 1
     * @param delayStart whether the new share waits out the permit wait even when nobody waits
     *     (a node that just joined: the other nodes' limiters may still hold promised permits)
     */
    synchronized void change(double requestsPerSecond, int permitsPerCycle, boolean delayStart) {
        double target = rate();
        if (requestsPerSecond == target || requestsPerSecond > 0 && target > 0
                && Math.abs(requestsPerSecond - target) <= target / 100) {
            return;
        }
        if (requestsPerSecond <= 0) {
            pending = null;
            current = null;
            currentRate = 0;
            return;
        }
        long notBefore = nanoTime.getAsLong() + (delayStart || current != null ? permitWait.toNanos() : 0);
        pending = new Pending(limiter(requestsPerSecond, permitsPerCycle), requestsPerSecond, notBefore);
        if (!delayStart && waiting() == 0) {
            promote(pending);
        }
    }

    /**
     * Waits for a permit up to the permit wait.
     *
     * @return whether a permit was granted
     */
    boolean acquire() {
        long deadline = nanoTime.getAsLong() + permitWait.toNanos();
        while (true) {
            Pending p = pending;
            if (p == null) {
                RateLimiter limiter = current;
                return limiter != null && limiter.acquirePermission();
            }
            // a change is pending: no new permit from the old limiter, so its promised permits run
            // out; the new one starts when they have, or at the latest after the permit wait
            long now = nanoTime.getAsLong();
            if (now - p.notBeforeNanos >= 0 || current != null && waiting() == 0) {
                promoteIfStill(p);
                continue;
            }
            if (now - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(p.notBeforeNanos - now, TimeUnit.MILLISECONDS.toNanos(1)));
        }
    }

    private int waiting() {
        RateLimiter limiter = current;
        return limiter == null ? 0 : limiter.getMetrics().getNumberOfWaitingThreads();
    }

    private synchronized void promoteIfStill(Pending p) {
        if (pending == p) {
            promote(p);
        }
    }

    private void promote(Pending p) {
        if (current != null && !permitWait.isZero()) {
            p.limiter.drainPermissions();
        }
        current = p.limiter;
        currentRate = p.rate;
        pending = null;
    }

    private RateLimiter limiter(double requestsPerSecond, int permitsPerCycle) {
        long periodNanos = Math.max(1, (long) Math.ceil(permitsPerCycle * 1_000_000_000d / requestsPerSecond));
        return RateLimiter.of("bank-" + name + "-" + (++generation), RateLimiterConfig.custom()
                .limitForPeriod(permitsPerCycle)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(permitWait)
                .build());
    }
}
