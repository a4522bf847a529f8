package dev.autotransfer.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A closed range of dates, both ends included.
 *
 * <p>Immutable and thread-safe.
 *
 * @param first the first date in the range
 * @param last the last date in the range, not before {@code first}
 */
public record DateRange(LocalDate first, LocalDate last) {

    /** Validates that both ends are present and in order. */
    public DateRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last " + last + " must not be before first " + first);
        }
    }

    /** Whole calendar years, from January 1 of {@code firstYear} to December 31 of {@code lastYear}. */
    public static DateRange years(int firstYear, int lastYear) {
        return new DateRange(LocalDate.of(firstYear, 1, 1), LocalDate.of(lastYear, 12, 31));
    }

    /** Whether the date lies in the range. */
    public boolean contains(LocalDate date) {
        return !date.isBefore(first) && !date.isAfter(last);
    }

    /** {@code 2025-01-01..2027-12-31}. */
    @Override
    public String toString() {
        return first + ".." + last;
    }
}
