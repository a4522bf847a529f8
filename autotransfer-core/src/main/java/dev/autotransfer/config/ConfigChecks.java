package dev.autotransfer.config;

import java.time.Duration;
import java.util.Objects;

/** The checks of {@link EngineConfigBuilder}'s setters, each naming the field and the bad value. Stateless. */
final class ConfigChecks {

    private ConfigChecks() {
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be " + min + ".." + max + ", was " + value);
        }
        return value;
    }

    static Duration positive(String field, Duration value) {
        if (Objects.requireNonNull(value, field).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, was " + value);
        }
        return value;
    }

    static Duration notNegative(String field, Duration value) {
        if (Objects.requireNonNull(value, field).isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    static Duration atLeast(String field, Duration value, Duration floor) {
        positive(field, value);
        if (value.compareTo(floor) < 0) {
            throw new IllegalArgumentException(field + " must be at least " + floor + ", was " + value);
        }
        return value;
    }
}
