package dev.autotransfer.calendar;

import dev.autotransfer.AutoTransferException;
import java.time.LocalDate;

/**
 * Thrown when a holiday calendar is asked about a date outside the range its data covers.
 *
 * <p>The message names the calendar, the date and the covered range; the fix is to ship or load
 * the holiday data for that year, never to treat the year as holiday-free. Immutable.
 */
public final class CalendarCoverageException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    private final transient LocalDate date;
    private final transient DateRange covered;

    /** An exception for a date outside the covered range of the named calendar. */
    public CalendarCoverageException(String calendarId, LocalDate date, DateRange covered) {
        super("calendar " + calendarId + " has no holiday data for " + date + "; it covers " + covered
                + " only (load a holiday table that covers " + date.getYear() + ")");
        this.date = date;
        this.covered = covered;
    }

    /** The date that was asked about. */
    public LocalDate date() {
        return date;
    }

    /** The range the calendar covers. */
    public DateRange covered() {
        return covered;
    }
}
