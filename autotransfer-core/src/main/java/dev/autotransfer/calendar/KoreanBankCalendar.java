package dev.autotransfer.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The days Korean banks execute transfers: weekdays that are not public holidays, substitute or
 * temporary holidays, election days, or bank-closed days (May 1).
 *
 * <p>{@link #shipped()} reads {@code dev/autotransfer/calendar/kr-holidays.csv}, whose header
 * names the source of every date. Holiday data exists only for the years the table covers
 * ({@link #covered()}); asking about any other date, weekend or not, throws
 * {@link CalendarCoverageException}, so an unknown year is never treated as holiday-free. When the
 * government declares a holiday the shipped file does not know, load an updated table with
 * {@link #from(HolidayTable)}; occurrences keep their nominal dates, so only execution dates move.
 *
 * <p>Immutable and thread-safe.
 */
public final class KoreanBankCalendar implements HolidayCalendar {

    /** The calendar's id, the default calendar of a schedule. */
    public static final String ID = "kr-bank";

    /** The classpath resource of the shipped table. */
    public static final String RESOURCE = "dev/autotransfer/calendar/kr-holidays.csv";

    private final HolidayTable table;
    private final Map<LocalDate, Holiday> closed;

    private KoreanBankCalendar(HolidayTable table) {
        this.table = Objects.requireNonNull(table, "table");
        Map<LocalDate, Holiday> byDate = new HashMap<>();
        for (Holiday holiday : table.holidays()) {
            byDate.putIfAbsent(holiday.date(), holiday);
        }
        this.closed = Map.copyOf(byDate);
    }

    /** The calendar built from the table shipped in this jar. */
    public static KoreanBankCalendar shipped() {
        return Shipped.INSTANCE;
    }

    /** A calendar built from another table, for example one with a newly declared holiday. */
    public static KoreanBankCalendar from(HolidayTable table) {
        return new KoreanBankCalendar(table);
    }

    /** The range the holiday data covers; every other date throws. */
    public DateRange covered() {
        return table.covered();
    }

    /** Whether the holiday data covers the date. */
    public boolean covers(LocalDate date) {
        return table.covered().contains(Objects.requireNonNull(date, "date"));
    }

    /** Every listed closed day (weekends aside), sorted by date. */
    public List<Holiday> holidays() {
        return table.holidays();
    }

    /**
     * The listed holiday on the date, if any (the first listed when two share a date).
     *
     * @throws CalendarCoverageException if the date is outside {@link #covered()}
     */
    public Optional<Holiday> holidayOn(LocalDate date) {
        requireCovered(date);
        return Optional.ofNullable(closed.get(date));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean isBusinessDay(LocalDate date) {
        requireCovered(date);
        return !WeekendsOnlyCalendar.isWeekend(date) && !closed.containsKey(date);
    }

    private void requireCovered(LocalDate date) {
        if (!covers(date)) {
            throw new CalendarCoverageException(ID, date, table.covered());
        }
    }

    @Override
    public String toString() {
        return ID + " " + table.covered();
    }

    private static final class Shipped {
        static final KoreanBankCalendar INSTANCE = load();

        private static KoreanBankCalendar load() {
            InputStream in = KoreanBankCalendar.class.getClassLoader().getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("holiday table " + RESOURCE + " is missing from the classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return new KoreanBankCalendar(HolidayTable.parse(reader, RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }
}
