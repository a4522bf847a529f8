package dev.autotransfer.internal.protocol;

import dev.autotransfer.domain.Priority;
import dev.autotransfer.config.EngineConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The one place that decides how many definitive failures an occurrence may have and how long every
 * wait before looking at a work item again lasts: after a definitive failure (per priority), after an
 * unknown outcome or an answer still in progress, after a call that was not sent, after a decision
 * that could not be made.
 *
 * <p>Every wait is spread by jitter: a wait {@code w} becomes a draw in {@code (w * (1 - jitter), w]},
 * so items that failed together do not come back together, and no wait exceeds its configured value
 * (caps and the bank's key retention still hold). The draws come from the random source the engine
 * was given, so a seeded simulation replays exactly when it draws in the same order. Thread-safe:
 * draws are serialised on the random source.
 */
public final class RetryPolicy {

    /** The wait after a rejection that says the request was not processed and names no wait of its own. */
    static final Duration AFTER_UNPROCESSED_REJECTION = Duration.ofSeconds(1);

    private final EngineConfig config;
    private final RandomGenerator random;
    private final double jitter;

    /**
     * @param config the limits and backoffs per priority and rejection code, and the jitter fraction
     * @param random where the jitter is drawn from; used under this policy's lock
     */
    public RetryPolicy(EngineConfig config, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.jitter = config.backoffJitter();
    }

    /**
     * Whether an occurrence with this many definitive failures since its last requeue, the last under
     * this rejection code (null if none is known), has used up its tries and is dead-lettered.
     */
    public boolean exhausted(Priority priority, int failures, String lastCode) {
        return failures >= config.retryLimit(priority, lastCode);
    }

    /** The wait before try {@code failures + 1} after the {@code failures}-th definitive failure (1-based). */
    public Duration afterFailure(Priority priority, int failures) {
        return spread(config.retryBackoff(priority, failures));
    }

    /** The wait before asking the bank about a key after its {@code unknowns}-th unknown outcome (1-based). */
    public Duration afterUnknown(int unknowns) {
        return spread(config.inquiryBackoff(unknowns));
    }

    /**
     * The wait before asking again about a key the bank said is in progress, or could not be asked
     * about: longer as the attempt stays open (see {@link EngineConfig#inquiryBackoff(int, Duration)}).
     */
    public Duration afterInProgress(int unknowns, Duration openFor) {
        return spread(config.inquiryBackoff(unknowns, openFor));
    }

    /** The wait after a call that was not sent (no permit, no slot, circuit open, refused unprocessed). */
    public Duration afterNotSent(Duration suggested) {
        return spread(suggested);
    }

    /** The wait after a rejection saying the bank did not process the request, with no wait of its own. */
    public Duration afterUnprocessedRejection() {
        return spread(AFTER_UNPROCESSED_REJECTION);
    }

    /** The wait after the next step of an occurrence could not be decided (a calendar that ends, a bad row). */
    public Duration afterDecisionError(Priority priority) {
        return spread(config.retryBackoff(priority, 1));
    }

    private Duration spread(Duration wait) {
        if (jitter == 0 || wait.isZero() || wait.isNegative()) {
            return wait;
        }
        double draw;
        synchronized (this) {
            draw = random.nextDouble();
        }
        long nanos = saturatedNanos(wait);
        return Duration.ofNanos(nanos - (long) (nanos * jitter * draw));
    }

    private static long saturatedNanos(Duration wait) {
        try {
            return wait.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
