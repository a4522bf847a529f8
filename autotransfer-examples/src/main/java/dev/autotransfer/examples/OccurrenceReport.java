package dev.autotransfer.examples;

import dev.autotransfer.calendar.CalendarCoverageException;
import dev.autotransfer.calendar.HolidayCalendar;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.calendar.KoreanBankCalendar;
import dev.autotransfer.domain.ExecutionTiming;
import dev.autotransfer.domain.Schedule;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Iterator;
import java.util.Locale;

/** Prints a schedule's next occurrences: the nominal date, the date it executes on, and why they differ. */
final class OccurrenceReport {

    private final HolidayCalendarRegistry calendars;
    private final PrintStream out;

    OccurrenceReport(HolidayCalendarRegistry calendars, PrintStream out) {
        this.calendars = calendars;
        this.out = out;
    }

    void print(Schedule schedule, LocalDate from, int count) {
        var spec = schedule.spec();
        out.printf("%n#%d %s  %s -> %s  %s  %s  (%s, %s)%n", schedule.id(), spec.clientReference(), spec.source(),
                spec.destination(), spec.amount(), spec.priority(), spec.memo(), spec.businessDayRule());
        ExecutionTiming timing = spec.executionTiming(calendars);
        HolidayCalendar calendar = calendars.get(spec.calendarId());
        Iterator<LocalDate> dates = spec.recurrence().nominalDates().filter(d -> !d.isBefore(from)).iterator();
        int printed = 0;
        while (printed < count && dates.hasNext()) {
            LocalDate nominal = dates.next();
            try {
                LocalDate execution = timing.executionDate(nominal);
                out.printf("    %s %s  ->  executes %s %s  %s%n", nominal, day(nominal), execution, day(execution),
                        execution.equals(nominal) ? "" : "(" + why(calendar, nominal) + ")");
            } catch (CalendarCoverageException e) {
                out.printf("    %s %s  ->  not yet known: the calendar covers %s%n", nominal, day(nominal),
                        e.covered());
                return;
            }
            printed++;
        }
        if (printed == 0) {
            out.println("    no occurrence left");
        }
    }

    private static String why(HolidayCalendar calendar, LocalDate nominal) {
        if (calendar instanceof KoreanBankCalendar korean) {
            var holiday = korean.holidayOn(nominal);
            if (holiday.isPresent()) {
                return holiday.get().name();
            }
        }
        return switch (nominal.getDayOfWeek()) {
            case SATURDAY, SUNDAY -> "weekend";
            default -> "bank closed";
        };
    }

    private static String day(LocalDate date) {
        return date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
