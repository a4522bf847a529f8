package dev.autotransfer.bank.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when told to, for deterministic tests and simulations.
 *
 * <p>It never goes backwards: {@link #advance(Duration)} refuses negative durations and
 * {@link #setInstant(Instant)} refuses earlier instants. Clocks derived with {@link #withZone(ZoneId)}
 * share the same time.
 *
 * <p>Thread-safe: reads and moves are atomic.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock at {@code start} in UTC. */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** A clock at {@code start}, for example {@code MutableClock.at("2026-11-25T00:00:00Z")}. */
    public static MutableClock at(String start) {
        return new MutableClock(Instant.parse(start));
    }

    /**
     * Moves the clock forward.
     *
     * @return the new instant
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    /**
     * Moves the clock to {@code instant}.
     *
     * @throws IllegalArgumentException if {@code instant} is before the current instant
     */
    public void setInstant(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        now.updateAndGet(current -> {
            if (instant.isBefore(current)) {
                throw new IllegalArgumentException("clock must not go backwards: at " + current + ", asked for " + instant);
            }
            return instant;
        });
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(now, newZone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
