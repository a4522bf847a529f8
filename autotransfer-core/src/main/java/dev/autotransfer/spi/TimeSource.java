package dev.autotransfer.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one time every node of the engine reads: by default the database's clock (see the JDBC
 * module's {@code DatabaseTimeSource}); tests pass a controllable clock.
 *
 * <p>{@link #skew()} is how far the local clock was measured from this source; the engine refuses
 * to claim work while it exceeds the configured bound, because leases, breaker waits and request
 * instants would be judged on the wrong time. Implementations must be thread-safe and fast
 * (no I/O on every call).
 */
public interface TimeSource {

    /** The current instant by this source. */
    Instant now();

    /** The last measured distance between the local clock and this source; empty when not measured. */
    default Optional<Duration> skew() {
        return Optional.empty();
    }

    /** A source reading the clock (tests pass a controllable clock); its skew is never measured. */
    static TimeSource of(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return clock::instant;
    }
}
