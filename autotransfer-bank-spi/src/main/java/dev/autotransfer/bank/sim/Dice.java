package dev.autotransfer.bank.sim;

import java.time.Duration;
import java.util.SplittableRandom;

/** The simulation's one source of randomness; seeded, so a run replays exactly. Guarded by the bank's lock. */
final class Dice {

    private final SplittableRandom random;

    Dice(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** True with the given probability; draws nothing for 0 or 1, so a knob left off does not shift the sequence. */
    boolean chance(double probability) {
        if (probability <= 0.0) {
            return false;
        }
        if (probability >= 1.0) {
            return true;
        }
        return random.nextDouble() < probability;
    }

    /** A uniformly drawn index in [0, {@code bound}); draws nothing for a bound of 1. */
    int index(int bound) {
        return bound == 1 ? 0 : random.nextInt(bound);
    }

    /** A uniformly drawn duration in [min, max], at nanosecond resolution. */
    Duration between(Duration min, Duration max) {
        if (min.equals(max)) {
            return min;
        }
        long span = max.minus(min).toNanos();
        return min.plusNanos(span == Long.MAX_VALUE ? random.nextLong(span) : random.nextLong(span + 1));
    }
}
