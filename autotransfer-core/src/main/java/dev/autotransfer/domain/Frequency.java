package dev.autotransfer.domain;

import java.time.DayOfWeek;
import java.util.Objects;

/**
 * How often a recurrence repeats: every N months on a day rule, every N weeks on a weekday, or once.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Frequency permits Frequency.Monthly, Frequency.Weekly, Frequency.Once {

    /** The largest interval accepted, in months or weeks (100 years of months). */
    int MAX_INTERVAL = 1200;

    /**
     * Every {@code intervalMonths} months on the day the rule names.
     *
     * @param intervalMonths 1..{@value #MAX_INTERVAL}
     * @param day the day of the month
     */
    record Monthly(int intervalMonths, DayOfMonthRule day) implements Frequency {

        /** Validates the interval and the day rule. */
        public Monthly {
            checkInterval("intervalMonths", intervalMonths);
            Objects.requireNonNull(day, "day");
        }
    }

    /**
     * Every {@code intervalWeeks} weeks on the weekday.
     *
     * @param intervalWeeks 1..{@value #MAX_INTERVAL}
     * @param day the day of the week
     */
    record Weekly(int intervalWeeks, DayOfWeek day) implements Frequency {

        /** Validates the interval and the weekday. */
        public Weekly {
            checkInterval("intervalWeeks", intervalWeeks);
            Objects.requireNonNull(day, "day");
        }
    }

    /** A single occurrence on the recurrence's start date. */
    enum Once implements Frequency {
        /** The single value. */
        ONCE
    }

    private static void checkInterval(String field, int value) {
        if (value < 1 || value > MAX_INTERVAL) {
            throw new IllegalArgumentException(field + " must be 1.." + MAX_INTERVAL + ", was " + value);
        }
    }
}
