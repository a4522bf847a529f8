package dev.autotransfer.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A business calendar: tells whether banks execute transfers on a given date.
 *
 * <p>Implementations decide one thing, {@link #isBusinessDay(LocalDate)}; the navigation methods
 * are defaults built on it. A calendar that does not know a date (a holiday table that covers only
 * some years) must throw {@link CalendarCoverageException} naming the date and its covered range,
 * never answer as if the date were an ordinary day: a silently wrong answer would execute a
 * transfer on a day the bank is closed.
 *
 * <p>Implementations must be immutable and thread-safe, fast (called for every occurrence), and
 * must not block. {@link #id()} is stored with each schedule, so it must stay stable across
 * releases.
 */
public interface HolidayCalendar {

    /** How far the navigation defaults search before concluding a calendar has no business day. */
    int MAX_SEARCH_DAYS = 366;

    /** The stable identifier stored with schedules, for example {@code "kr-bank"}. */
    String id();

    /**
     * Whether banks execute transfers on this date.
     *
     * @throws CalendarCoverageException if the calendar has no data for the date
     */
    boolean isBusinessDay(LocalDate date);

    /** The date itself if it is a business day, else the first business day after it. */
    default LocalDate businessDayOnOrAfter(LocalDate date) {
        Objects.requireNonNull(date, "date");
        LocalDate day = date;
        for (int i = 0; i <= MAX_SEARCH_DAYS; i++) {
            if (isBusinessDay(day)) {
                return day;
            }
            day = day.plusDays(1);
        }
        throw new IllegalStateException("calendar " + id() + " has no business day within "
                + MAX_SEARCH_DAYS + " days after " + date);
    }

    /** The date itself if it is a business day, else the last business day before it. */
    default LocalDate businessDayOnOrBefore(LocalDate date) {
        Objects.requireNonNull(date, "date");
        LocalDate day = date;
        for (int i = 0; i <= MAX_SEARCH_DAYS; i++) {
            if (isBusinessDay(day)) {
                return day;
            }
            day = day.minusDays(1);
        }
        throw new IllegalStateException("calendar " + id() + " has no business day within "
                + MAX_SEARCH_DAYS + " days before " + date);
    }

    /** The first business day strictly after the date. */
    default LocalDate nextBusinessDay(LocalDate date) {
        return businessDayOnOrAfter(Objects.requireNonNull(date, "date").plusDays(1));
    }

    /** The last business day strictly before the date. */
    default LocalDate previousBusinessDay(LocalDate date) {
        return businessDayOnOrBefore(Objects.requireNonNull(date, "date").minusDays(1));
    }

    /**
     * A calendar on which a date is a business day only if it is one on both this calendar and
     * the other (the union of their closed days).
     */
    default HolidayCalendar and(HolidayCalendar other) {
        return UnionHolidayCalendar.of(this, other);
    }
}
