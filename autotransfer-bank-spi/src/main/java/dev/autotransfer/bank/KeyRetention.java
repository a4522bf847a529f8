package dev.autotransfer.bank;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How long a bank remembers an idempotency key after its first send: a fixed duration, or until
 * the end of the calendar day in a zone (for banks whose references are unique per day).
 *
 * <p>After {@link #expiresAt(Instant)} the bank may forget the key, and a re-send could execute again,
 * so the engine stops re-sending well before it. The same rule bounds requests: a bank refuses a
 * request whose {@code createdAt} has expired.
 *
 * <p>All implementations are immutable, thread-safe records.
 */
public sealed interface KeyRetention permits KeyRetention.Fixed, KeyRetention.CalendarDay {

    /** The longest fixed retention accepted, ten years. */
    Duration MAX_DURATION = Duration.ofDays(3650);

    /** The instant from which the bank may have forgotten a key first sent at {@code firstSentAt}. */
    Instant expiresAt(Instant firstSentAt);

    /** Whether a key first sent at {@code firstSentAt} may have been forgotten at {@code now}. */
    default boolean isExpired(Instant firstSentAt, Instant now) {
        return !now.isBefore(expiresAt(firstSentAt));
    }

    /** Keys are kept for a fixed duration, for example {@code of(Duration.ofHours(24))}. */
    static KeyRetention of(Duration duration) {
        return new Fixed(duration);
    }

    /** References are unique per calendar day in {@code zone}: a key expires at the next midnight there. */
    static KeyRetention perCalendarDay(ZoneId zone) {
        return new CalendarDay(zone);
    }

    /**
     * Keys are kept for a fixed duration from their first send.
     *
     * @param duration positive, at most {@link #MAX_DURATION}
     */
    record Fixed(Duration duration) implements KeyRetention {
        /** Validates the duration. */
        public Fixed {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("key retention duration must be positive and at most "
                        + MAX_DURATION.toDays() + " days, was " + duration);
            }
        }

        @Override
        public Instant expiresAt(Instant firstSentAt) {
            return firstSentAt.plus(duration);
        }
    }

    /**
     * Keys are unique within one calendar day in a zone and expire at the next midnight there.
     *
     * @param zone the bank's zone, for example Asia/Seoul
     */
    record CalendarDay(ZoneId zone) implements KeyRetention {
        /** Validates the zone. */
        public CalendarDay {
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Instant expiresAt(Instant firstSentAt) {
            return firstSentAt.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        }
    }
}
