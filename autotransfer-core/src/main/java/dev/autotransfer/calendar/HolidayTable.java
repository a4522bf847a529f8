package dev.autotransfer.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A list of closed days together with the date range the list is complete for.
 *
 * <p>The text form, read by {@link #parse(Reader, String)}, is UTF-8 CSV: lines starting with
 * {@code #} and blank lines are comments; the first other line is {@code covers,FIRST,LAST}; then
 * a header {@code date,kind,status,name,source}; then one line per closed day. The name may not
 * hold a comma; the source, the last column, may, and may be empty.
 *
 * <p>Immutable and thread-safe.
 *
 * @param covered the range for which the list holds every closed day (weekends aside)
 * @param holidays the closed days, sorted by date; a date may appear twice (two holidays on one day)
 */
public record HolidayTable(DateRange covered, List<Holiday> holidays) {

    private static final String HEADER = "date,kind,status,name,source";

    /** Validates that every holiday lies in the covered range, and sorts them. */
    public HolidayTable {
        Objects.requireNonNull(covered, "covered");
        Objects.requireNonNull(holidays, "holidays");
        for (Holiday holiday : holidays) {
            if (!covered.contains(holiday.date())) {
                throw new IllegalArgumentException("holiday " + holiday.date() + " (" + holiday.name()
                        + ") lies outside the covered range " + covered);
            }
        }
        holidays = holidays.stream().sorted(Comparator.comparing(Holiday::date)).toList();
    }

    /**
     * Reads a table from its CSV form.
     *
     * @param text the CSV text; read to its end, not closed
     * @param sourceName the file's name, used in error messages
     * @throws IllegalArgumentException naming the file, line and bad value on malformed input
     */
    public static HolidayTable parse(Reader text, String sourceName) {
        Objects.requireNonNull(text, "text");
        BufferedReader lines = new BufferedReader(text);
        DateRange covered = null;
        boolean header = false;
        List<Holiday> holidays = new ArrayList<>();
        int number = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String where = sourceName + " line " + number;
                if (covered == null) {
                    covered = parseCovers(trimmed, where);
                } else if (!header) {
                    if (!trimmed.equals(HEADER)) {
                        throw new IllegalArgumentException(where + ": expected header '" + HEADER + "', was '" + trimmed + "'");
                    }
                    header = true;
                } else {
                    holidays.add(parseHoliday(trimmed, where));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read holiday table " + sourceName, e);
        }
        if (covered == null || !header) {
            throw new IllegalArgumentException(sourceName + ": missing the 'covers,FIRST,LAST' line or the header");
        }
        try {
            return new HolidayTable(covered, holidays);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(sourceName + ": " + e.getMessage(), e);
        }
    }

    private static DateRange parseCovers(String line, String where) {
        String[] cells = line.split(",", -1);
        if (cells.length != 3 || !cells[0].strip().equals("covers")) {
            throw new IllegalArgumentException(where + ": expected 'covers,FIRST,LAST', was '" + line + "'");
        }
        try {
            return new DateRange(date(cells[1], where), date(cells[2], where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Holiday parseHoliday(String line, String where) {
        String[] cells = line.split(",", 5);
        if (cells.length != 5) {
            throw new IllegalArgumentException(where + ": expected 5 columns (" + HEADER + "), was '" + line + "'");
        }
        try {
            return new Holiday(date(cells[0], where),
                    HolidayKind.valueOf(cells[1].strip()),
                    Holiday.Status.valueOf(cells[2].strip()),
                    cells[3].strip(),
                    cells[4].strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": bad value in '" + line + "': " + e.getMessage(), e);
        }
    }

    private static LocalDate date(String cell, String where) {
        try {
            return LocalDate.parse(cell.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": date '" + cell.strip() + "' is not yyyy-MM-dd", e);
        }
    }
}
