package dev.autotransfer.bank.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How the simulated bank spends latency: really sleeping, not at all, or by advancing a
 * {@link MutableClock}.
 *
 * <p>Implementations must be thread-safe; the bank calls them outside its lock, from any thread.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Spends {@code duration}; never called with a negative duration.
     *
     * @throws IllegalStateException if interrupted (the interrupt flag is restored)
     */
    void sleep(Duration duration);

    /** Sleeps with {@link Thread#sleep(long)}; the default of {@link SimulatedBank}. */
    static Sleeper real() {
        return duration -> {
            if (duration.isZero()) {
                return;
            }
            try {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while simulating latency", e);
            }
        };
    }

    /** Returns at once. */
    static Sleeper none() {
        return duration -> { };
    }

    /** Advances {@code clock} by the duration instead of waiting. */
    static Sleeper advancing(MutableClock clock) {
        Objects.requireNonNull(clock, "clock");
        return clock::advance;
    }
}
