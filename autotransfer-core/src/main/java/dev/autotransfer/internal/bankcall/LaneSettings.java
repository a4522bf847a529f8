package dev.autotransfer.internal.bankcall;

import java.time.Duration;
import java.util.Objects;

/**
 * How one bank's calls are guarded: the time limit, the pool, the wait for a rate-limit permit, and
 * the circuit breaker's thresholds. Validated on construction; immutable and thread-safe.
 *
 * @param timeLimit how long a call is waited for before its outcome counts as unknown
 * @param poolSize the bank's concurrent calls; a call beyond it is not sent
 * @param permitWait how long a call may wait for a rate-limit permit before it is not sent
 * @param failureRatePercent the failure rate that opens the breaker, 1..100
 * @param minimumCalls calls recorded before the failure rate counts
 * @param openWait how long the breaker stays open before it lets a trial call through
 * @param p0ReservedPercent the part of the bank's pipeline P1 and P2 may not fill, kept for P0, 0..90
 * @param pressureWindow calls per backpressure evaluation ({@link BankPressure}), at least 1
 * @param slowdownFactor how many times its usual latency makes a bank count as strained, above 1
 * @param strainPercent the share of system failures that makes a bank count as strained, 1..100
 */
public record LaneSettings(Duration timeLimit, int poolSize, Duration permitWait, int failureRatePercent,
        int minimumCalls, Duration openWait, int p0ReservedPercent, int pressureWindow, double slowdownFactor,
        int strainPercent) {

    /** Validates every field, naming it and its unit in the message. */
    public LaneSettings {
        positive("timeLimit", timeLimit);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1 call, was " + poolSize);
        }
        if (Objects.requireNonNull(permitWait, "permitWait").isNegative()) {
            throw new IllegalArgumentException("permitWait must not be negative, was " + permitWait);
        }
        if (failureRatePercent < 1 || failureRatePercent > 100) {
            throw new IllegalArgumentException("failureRatePercent must be 1..100 percent, was " + failureRatePercent);
        }
        if (minimumCalls < 1) {
            throw new IllegalArgumentException("minimumCalls must be at least 1 call, was " + minimumCalls);
        }
        positive("openWait", openWait);
        if (p0ReservedPercent < 0 || p0ReservedPercent > 90) {
            throw new IllegalArgumentException("p0ReservedPercent must be 0..90 percent, was " + p0ReservedPercent);
        }
        new BankPressure(pressureWindow, slowdownFactor, strainPercent);
    }

    /** Settings keeping 30% of the pipeline for P0, with the default backpressure (20 calls, 3 times, 10%). */
    public LaneSettings(Duration timeLimit, int poolSize, Duration permitWait, int failureRatePercent,
            int minimumCalls, Duration openWait) {
        this(timeLimit, poolSize, permitWait, failureRatePercent, minimumCalls, openWait, 30, 20, 3.0, 10);
    }

    /** A new backpressure controller on these settings. */
    BankPressure newPressure() {
        return new BankPressure(pressureWindow, slowdownFactor, strainPercent);
    }

    /** The defaults: a 3-second limit, 16 concurrent calls, a 1-second permit wait, 50% over 20 calls, 30 s open. */
    public static LaneSettings defaults() {
        return new LaneSettings(Duration.ofSeconds(3), 16, Duration.ofSeconds(1), 50, 20, Duration.ofSeconds(30));
    }

    private static void positive(String field, Duration value) {
        if (Objects.requireNonNull(value, field).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, was " + value);
        }
    }
}
