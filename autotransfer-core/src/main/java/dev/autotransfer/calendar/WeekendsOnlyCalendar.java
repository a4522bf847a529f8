package dev.autotransfer.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A calendar whose only closed days are Saturdays and Sundays, for every date.
 *
 * <p>Useful in tests and as a base for {@link HolidayCalendar#and(HolidayCalendar)}; it knows no
 * public holidays. Immutable and thread-safe; use {@link #INSTANCE}.
 */
public final class WeekendsOnlyCalendar implements HolidayCalendar {

    /** The calendar's id. */
    public static final String ID = "weekends";

    /** The single instance. */
    public static final WeekendsOnlyCalendar INSTANCE = new WeekendsOnlyCalendar();

    private WeekendsOnlyCalendar() {
    }

    /** Whether the date falls on a Saturday or Sunday. */
    public static boolean isWeekend(LocalDate date) {
        DayOfWeek day = Objects.requireNonNull(date, "date").getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean isBusinessDay(LocalDate date) {
        return !isWeekend(date);
    }

    @Override
    public String toString() {
        return ID;
    }
}
