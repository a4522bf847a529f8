package dev.autotransfer.calendar;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A calendar closed on every day that any of its parts is closed on.
 *
 * <p>Use it to add a bank's own closing days, or a second country's holidays, to a shipped
 * calendar. A date is a business day only when every part says so; every part is asked, so a
 * part that does not cover the date throws {@link CalendarCoverageException} even if another
 * part already said "closed". The id joins the parts' ids with {@code '+'}.
 *
 * <p>Immutable and thread-safe when its parts are.
 *
 * @param parts the calendars to combine, at least one
 */
public record UnionHolidayCalendar(List<HolidayCalendar> parts) implements HolidayCalendar {

    /** Validates and copies the parts. */
    public UnionHolidayCalendar {
        Objects.requireNonNull(parts, "parts");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("parts must hold at least one calendar, was empty");
        }
        parts = List.copyOf(parts);
    }

    /** The union of the given calendars. */
    public static UnionHolidayCalendar of(HolidayCalendar... parts) {
        return new UnionHolidayCalendar(List.of(parts));
    }

    @Override
    public String id() {
        return parts.stream().map(HolidayCalendar::id).collect(Collectors.joining("+"));
    }

    @Override
    public boolean isBusinessDay(LocalDate date) {
        Objects.requireNonNull(date, "date");
        boolean open = true;
        for (HolidayCalendar part : parts) {
            open &= part.isBusinessDay(date);
        }
        return open;
    }

    @Override
    public String toString() {
        return id();
    }
}
