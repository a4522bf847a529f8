package dev.autotransfer.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * Which day of a month a monthly recurrence falls on: a fixed day 1..31, or the month's last day.
 *
 * <p>A fixed day that a month lacks (the 31st in April, the 29th to 31st in February) falls on
 * that month's last day, and the next month keeps the asked day: a "31st" rule gives Jan 31,
 * Feb 28 (29 in a leap year), Mar 31, Apr 30. Immutable and thread-safe.
 */
public sealed interface DayOfMonthRule permits DayOfMonthRule.OnDay, DayOfMonthRule.LastDay {

    /** The last day of every month. */
    DayOfMonthRule LAST_DAY_OF_MONTH = LastDay.LAST_DAY_OF_MONTH;

    /** A fixed day of the month, 1..31. */
    static DayOfMonthRule day(int dayOfMonth) {
        return new OnDay(dayOfMonth);
    }

    /** The date this rule names in the month. */
    LocalDate in(YearMonth month);

    /** Whether the date is the one this rule names in the date's month. */
    default boolean matches(LocalDate date) {
        return in(YearMonth.from(date)).equals(date);
    }

    /**
     * A fixed day of the month.
     *
     * @param day 1..31
     */
    record OnDay(int day) implements DayOfMonthRule {

        /** Validates the day. */
        public OnDay {
            if (day < 1 || day > 31) {
                throw new IllegalArgumentException("dayOfMonth must be 1..31, was " + day);
            }
        }

        @Override
        public LocalDate in(YearMonth month) {
            Objects.requireNonNull(month, "month");
            return month.atDay(Math.min(day, month.lengthOfMonth()));
        }

        @Override
        public String toString() {
            return "day " + day;
        }
    }

    /** The last day of the month. */
    enum LastDay implements DayOfMonthRule {
        /** The single value. */
        LAST_DAY_OF_MONTH;

        @Override
        public LocalDate in(YearMonth month) {
            return Objects.requireNonNull(month, "month").atEndOfMonth();
        }
    }
}
