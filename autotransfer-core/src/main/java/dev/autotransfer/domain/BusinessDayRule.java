package dev.autotransfer.domain;

import dev.autotransfer.calendar.HolidayCalendar;
import java.time.LocalDate;
import java.util.Objects;

/**
 * How an occurrence whose nominal date is not a business day is moved to an execution date.
 *
 * <p>The rule moves only the execution date; the nominal date stays the occurrence's identity.
 * Every rule maps nominal dates to execution dates monotonically (a later nominal date never
 * executes earlier). Immutable and thread-safe.
 */
public enum BusinessDayRule {
    /** Execute on the nominal date even if banks are closed. */
    NONE,
    /** Execute on the next business day (the nominal date itself when it is one). */
    NEXT,
    /** Execute on the previous business day (the nominal date itself when it is one). */
    PREVIOUS,
    /**
     * Execute on the next business day unless that falls in the next month, then on the previous
     * business day: a salary due on the 31st is paid before the month ends.
     */
    MODIFIED_FOLLOWING;

    /**
     * The execution date of a nominal date under this rule.
     *
     * @throws dev.autotransfer.calendar.CalendarCoverageException if the calendar does not cover a
     *     date the rule has to look at
     */
    public LocalDate apply(LocalDate nominalDate, HolidayCalendar calendar) {
        Objects.requireNonNull(nominalDate, "nominalDate");
        Objects.requireNonNull(calendar, "calendar");
        return switch (this) {
            case NONE -> nominalDate;
            case NEXT -> calendar.businessDayOnOrAfter(nominalDate);
            case PREVIOUS -> calendar.businessDayOnOrBefore(nominalDate);
            case MODIFIED_FOLLOWING -> {
                LocalDate next = calendar.businessDayOnOrAfter(nominalDate);
                yield next.getMonth() == nominalDate.getMonth() && next.getYear() == nominalDate.getYear()
                        ? next
                        : calendar.businessDayOnOrBefore(nominalDate);
            }
        };
    }
}
