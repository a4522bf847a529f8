package dev.autotransfer.calendar;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;

/** A test calendar closed on weekends and on a fixed set of dates, for every year. */
public record FixedHolidayCalendar(String id, Set<LocalDate> holidays) implements HolidayCalendar {

    public FixedHolidayCalendar(String id, Collection<LocalDate> holidays) {
        this(id, Set.copyOf(holidays));
    }

    @Override
    public boolean isBusinessDay(LocalDate date) {
        return !WeekendsOnlyCalendar.isWeekend(date) && !holidays.contains(date);
    }
}
