package dev.autotransfer.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The idempotency key of one attempt at an occurrence, {@code {scheduleId}:{nominalDate}:{n}},
 * sent to the bank.
 *
 * <p>{@code n} is the attempt number, 1 for the first, and the highest in history plus one for a
 * new attempt; the same key is re-sent while its outcome is unknown. The text form is canonical:
 * {@code format(parse(s)).equals(s)} for every valid {@code s}, at most 41 characters
 * (for example {@code 42:2025-01-31:1}). Immutable and thread-safe.
 *
 * @param scheduleId the schedule's id, at least 1
 * @param nominalDate the occurrence's nominal date
 * @param attempt the attempt number, at least 1
 */
public record AttemptKey(long scheduleId, LocalDate nominalDate, int attempt) {

    /** Validates every part. */
    public AttemptKey {
        if (scheduleId < 1) {
            throw new IllegalArgumentException("scheduleId must be at least 1, was " + scheduleId);
        }
        Objects.requireNonNull(nominalDate, "nominalDate");
        if (nominalDate.getYear() < 1 || nominalDate.getYear() > 9999) {
            throw new IllegalArgumentException("nominalDate must be in years 1..9999, was " + nominalDate);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming the text and the bad part
     */
    public static AttemptKey parse(String key) {
        Objects.requireNonNull(key, "key");
        String[] parts = key.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("attempt key '" + key + "' must be {scheduleId}:{nominalDate}:{n}");
        }
        try {
            return new AttemptKey(number(parts[0], "scheduleId", key),
                    LocalDate.parse(parts[1]),
                    Math.toIntExact(number(parts[2], "attempt", key)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("attempt key '" + key + "': nominalDate '" + parts[1]
                    + "' is not yyyy-MM-dd", e);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("attempt key '" + key + "': attempt '" + parts[2] + "' is too large", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attempt key '" + key + "': " + e.getMessage(), e);
        }
    }

    private static long number(String text, String field, String key) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || (text.length() > 1 && text.charAt(0) == '0')) {
            throw new IllegalArgumentException(field + " '" + text + "' is not a canonical decimal number");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is too large", e);
        }
    }

    /** The occurrence this attempt belongs to. */
    public Occurrence occurrence() {
        return new Occurrence(scheduleId, nominalDate);
    }

    /** The key of the following attempt at the same occurrence. */
    public AttemptKey next() {
        return new AttemptKey(scheduleId, nominalDate, Math.addExact(attempt, 1));
    }

    /** The text form, {@code {scheduleId}:{nominalDate}:{n}}. */
    public String format() {
        return scheduleId + ":" + nominalDate + ":" + attempt;
    }

    /** The same as {@link #format()}. */
    @Override
    public String toString() {
        return format();
    }
}
