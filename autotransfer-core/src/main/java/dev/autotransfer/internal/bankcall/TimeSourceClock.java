package dev.autotransfer.internal.bankcall;

import dev.autotransfer.spi.TimeSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock over the time source, for the circuit breakers and rate limiters. Thread-safe as its source. */
public final class TimeSourceClock extends Clock {
    private final TimeSource time;

    public TimeSourceClock(TimeSource time) {
        this.time = time;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the engine's clock is UTC");
    }

    @Override
    public Instant instant() {
        return time.now();
    }
}
