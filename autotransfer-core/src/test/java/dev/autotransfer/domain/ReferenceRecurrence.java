package dev.autotransfer.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately naive model of a recurrence: walks the calendar one day at a time and keeps the
 * days that match the rule, to check {@link Recurrence}'s arithmetic against.
 */
final class ReferenceRecurrence {

    private ReferenceRecurrence() {
    }

    /** Every nominal date from the start up to and including {@code horizon}, honouring limits. */
    static List<LocalDate> dates(Recurrence recurrence, LocalDate horizon) {
        List<LocalDate> dates = new ArrayList<>();
        LocalDate first = null;
        for (LocalDate day = recurrence.start(); !day.isAfter(horizon); day = day.plusDays(1)) {
            if (recurrence.endDate() != null && day.isAfter(recurrence.endDate())) {
                break;
            }
            if (recurrence.occurrenceCount() != null && dates.size() == recurrence.occurrenceCount()) {
                break;
            }
            if (!matchesDay(recurrence.frequency(), day)) {
                continue;
            }
            if (first == null) {
                first = day;
                dates.add(day);
                if (recurrence.frequency() == Frequency.Once.ONCE) {
                    break;
                }
            } else if (inCycle(recurrence.frequency(), first, day)) {
                dates.add(day);
            }
        }
        return dates;
    }

    private static boolean matchesDay(Frequency frequency, LocalDate day) {
        if (frequency instanceof Frequency.Monthly monthly) {
            int length = day.lengthOfMonth();
            if (monthly.day() instanceof DayOfMonthRule.OnDay onDay) {
                return day.getDayOfMonth() == Math.min(onDay.day(), length);
            }
            return day.getDayOfMonth() == length;
        }
        if (frequency instanceof Frequency.Weekly weekly) {
            return day.getDayOfWeek() == weekly.day();
        }
        return true;
    }

    private static boolean inCycle(Frequency frequency, LocalDate first, LocalDate day) {
        if (frequency instanceof Frequency.Monthly monthly) {
            long months = YearMonth.from(first).until(YearMonth.from(day), ChronoUnit.MONTHS);
            return months % monthly.intervalMonths() == 0;
        }
        if (frequency instanceof Frequency.Weekly weekly) {
            return first.until(day, ChronoUnit.DAYS) % (7L * weekly.intervalWeeks()) == 0;
        }
        return false;
    }
}
