package dev.autotransfer.domain;

import dev.autotransfer.calendar.HolidayCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Turns an occurrence's nominal date into the date it executes on and the instant execution may
 * start, in the schedule's time zone.
 *
 * <p>The execution date is the nominal date moved by the {@link BusinessDayRule} on the
 * {@link HolidayCalendar}; execution may start at {@code startTime} on that date in {@code zone}
 * (midnight by default; a local time that a daylight-saving gap skips moves forward by the gap).
 * The nominal date stays the occurrence's identity: a holiday declared later changes only what this
 * class returns, never which occurrence it is. Nothing executes before {@link #notBefore}.
 *
 * <p>Immutable, and thread-safe when its calendar is. Methods may throw
 * {@link dev.autotransfer.calendar.CalendarCoverageException}.
 *
 * @param zone the schedule's time zone
 * @param calendar the business calendar
 * @param rule how a closed nominal date moves
 * @param startTime the local time on the execution date from which execution may start
 */
public record ExecutionTiming(ZoneId zone, HolidayCalendar calendar, BusinessDayRule rule, LocalTime startTime) {

    /** Validates that every field is present. */
    public ExecutionTiming {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(startTime, "startTime");
    }

    /** Timing that lets execution start at midnight of the execution date. */
    public static ExecutionTiming of(ZoneId zone, HolidayCalendar calendar, BusinessDayRule rule) {
        return new ExecutionTiming(zone, calendar, rule, LocalTime.MIDNIGHT);
    }

    /** This timing with execution starting at the local time instead. */
    public ExecutionTiming withStartTime(LocalTime time) {
        return new ExecutionTiming(zone, calendar, rule, time);
    }

    /** The date the occurrence with this nominal date executes on. */
    public LocalDate executionDate(LocalDate nominalDate) {
        return rule.apply(nominalDate, calendar);
    }

    /** The first instant at which the occurrence with this nominal date may execute. */
    public Instant notBefore(LocalDate nominalDate) {
        return executionDate(nominalDate).atTime(startTime).atZone(zone).toInstant();
    }

    /** Whether the occurrence with this nominal date may execute at the instant. */
    public boolean isDue(LocalDate nominalDate, Instant now) {
        return !Objects.requireNonNull(now, "now").isBefore(notBefore(nominalDate));
    }

    /** The date in this timing's zone at the instant. */
    public LocalDate dateAt(Instant instant) {
        return LocalDate.ofInstant(Objects.requireNonNull(instant, "instant"), zone);
    }

    /** Today in this timing's zone, by the injected clock. */
    public LocalDate today(Clock clock) {
        return dateAt(Objects.requireNonNull(clock, "clock").instant());
    }
}
