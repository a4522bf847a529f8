package dev.autotransfer.internal.bankcall;

/**
 * Backpressure from one bank's answers: additive increase, multiplicative decrease of the fraction
 * of this node's share the engine uses. Every {@code window} calls it looks at their mean latency and
 * their system failures (unknown outcomes, timeouts, system rejections): when the latency is above
 * {@code slowdownFactor} times the usual latency (and at least 25 ms above it, so the jitter of a
 * fast bank is no strain), or the failures above {@code errorRatePercent},
 * the fraction halves (down to a twentieth), widening the gaps between requests; otherwise it grows
 * by a tenth, back up to the whole share. The usual latency is the lowest window mean seen, drifting
 * up by a hundredth per window, so a bank that stays slower for long becomes its new usual.
 *
 * <p>Thread-safe (synchronized).
 */
public final class BankPressure {

    static final double FLOOR = 0.05;
    private static final double MIN_SLOWDOWN_NANOS = 25_000_000;

    private final int window;
    private final double slowdownFactor;
    private final int errorRatePercent;
    private double fraction = 1;
    private double usualNanos = Double.NaN;
    private int calls;
    private int failures;
    private long latencyNanos;
    private double lastMeanNanos;
    private double lastErrorRate;

    /**
     * @param window calls per evaluation, at least 1
     * @param slowdownFactor how many times the usual latency counts as slow, above 1
     * @param errorRatePercent the share of system failures that counts as strain, 1..100
     */
    public BankPressure(int window, double slowdownFactor, int errorRatePercent) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1 call, was " + window);
        }
        if (!(slowdownFactor > 1)) {
            throw new IllegalArgumentException("slowdownFactor must be above 1, was " + slowdownFactor);
        }
        if (errorRatePercent < 1 || errorRatePercent > 100) {
            throw new IllegalArgumentException("errorRatePercent must be 1..100 percent, was " + errorRatePercent);
        }
        this.window = window;
        this.slowdownFactor = slowdownFactor;
        this.errorRatePercent = errorRatePercent;
    }

    /**
     * Records one answered call.
     *
     * @param nanos how long the call took
     * @param systemFailure whether it was an unknown outcome, a timeout or a system rejection
     * @return whether the fraction changed with this call
     */
    public synchronized boolean record(long nanos, boolean systemFailure) {
        calls++;
        latencyNanos += Math.max(0, nanos);
        if (systemFailure) {
            failures++;
        }
        if (calls < window) {
            return false;
        }
        double mean = (double) latencyNanos / calls;
        double errorRate = 100.0 * failures / calls;
        lastMeanNanos = mean;
        lastErrorRate = errorRate;
        calls = 0;
        failures = 0;
        latencyNanos = 0;
        boolean slow = !Double.isNaN(usualNanos) && mean > slowdownFactor * usualNanos
                && mean - usualNanos > MIN_SLOWDOWN_NANOS;
        usualNanos = Double.isNaN(usualNanos) ? mean : Math.min(usualNanos * 1.01, Math.max(mean, 1));
        double before = fraction;
        if (slow || errorRate > errorRatePercent) {
            fraction = Math.max(FLOOR, fraction / 2);
        } else {
            fraction = Math.min(1, fraction + 0.1);
        }
        return fraction != before;
    }

    /** The fraction of the node's share in use, from a twentieth to 1. */
    public synchronized double fraction() {
        return fraction;
    }

    /** The mean latency of the last window, in milliseconds (0 before the first). */
    public synchronized double lastMeanMillis() {
        return lastMeanNanos / 1e6;
    }

    /** The system failures of the last window, percent. */
    public synchronized double lastErrorRatePercent() {
        return lastErrorRate;
    }
}
