package dev.autotransfer.domain;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * When a schedule's occurrences fall: a start date, a {@link Frequency}, and at most one limit,
 * an end date or a number of occurrences.
 *
 * <p><b>The first occurrence</b> is the first date on or after {@code start} that matches the rule;
 * the start itself need not match ("monthly on the 25th from March 27" first runs April 25). Every
 * later occurrence is computed from that first one, never by chaining: the k-th monthly date is the
 * rule's day in the month {@code k * interval} months after the first one's month, so a "31st"
 * schedule is Jan 31, Feb 28, Mar 31; the k-th weekly date is {@code k * interval} weeks after
 * the first. A {@link Frequency.Once once} recurrence has the single date {@code start}.
 *
 * <p><b>Limits</b>: with an end date, occurrences fall on or before it; with a count, there are
 * exactly that many. Dates after {@link #MAX_DATE} do not exist. A recurrence must have at least
 * one occurrence; the constructor rejects one whose first date lies after its end date.
 *
 * <p>The dates returned are nominal dates, before any business-day shift. Ordinals are 1-based.
 * Immutable and thread-safe; every method is pure.
 *
 * @param start the earliest date an occurrence may fall on
 * @param frequency how often it repeats
 * @param endDate the last date an occurrence may fall on, or null for none
 * @param occurrenceCount the number of occurrences, or null for no count limit
 */
public record Recurrence(LocalDate start, Frequency frequency, LocalDate endDate, Integer occurrenceCount) {

    /** No nominal date lies after this date. */
    public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);

    /** Validates the fields and that at least one occurrence exists. */
    public Recurrence {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(frequency, "frequency");
        if (endDate != null && occurrenceCount != null) {
            throw new IllegalArgumentException("give endDate (" + endDate + ") or occurrenceCount ("
                    + occurrenceCount + "), not both");
        }
        if (occurrenceCount != null && occurrenceCount < 1) {
            throw new IllegalArgumentException("occurrenceCount must be at least 1, was " + occurrenceCount);
        }
        if (occurrenceCount != null && occurrenceCount != 1 && frequency == Frequency.Once.ONCE) {
            throw new IllegalArgumentException("occurrenceCount of a one-off recurrence must be 1, was " + occurrenceCount);
        }
        if (start.isAfter(MAX_DATE)) {
            throw new IllegalArgumentException("start must be on or before " + MAX_DATE + ", was " + start);
        }
        if (endDate != null && endDate.isAfter(MAX_DATE)) {
            throw new IllegalArgumentException("endDate must be on or before " + MAX_DATE + ", was " + endDate);
        }
        if (endDate != null && endDate.isBefore(start)) {
            throw new IllegalArgumentException("endDate " + endDate + " must not be before start " + start);
        }
        LocalDate first = dateAt(start, frequency, 0);
        if (first == null || (endDate != null && first.isAfter(endDate))) {
            throw new IllegalArgumentException("recurrence has no occurrence: its first date " + first
                    + " (first match of " + frequency + " on or after start " + start + ") is after endDate "
                    + (endDate == null ? MAX_DATE : endDate));
        }
    }

    /** Monthly on a day 1..31 (short months use their last day), first on or after {@code start}. */
    public static Recurrence monthly(LocalDate start, int dayOfMonth) {
        return everyMonths(1, start, DayOfMonthRule.day(dayOfMonth));
    }

    /** Monthly on the last day of the month. */
    public static Recurrence monthlyOnLastDay(LocalDate start) {
        return everyMonths(1, start, DayOfMonthRule.LAST_DAY_OF_MONTH);
    }

    /** Every {@code months} months on the day rule, first on or after {@code start}. */
    public static Recurrence everyMonths(int months, LocalDate start, DayOfMonthRule day) {
        return new Recurrence(start, new Frequency.Monthly(months, day), null, null);
    }

    /** Every week on the weekday, first on or after {@code start}. */
    public static Recurrence weekly(LocalDate start, DayOfWeek day) {
        return everyWeeks(1, start, day);
    }

    /** Every {@code weeks} weeks on the weekday, first on or after {@code start}. */
    public static Recurrence everyWeeks(int weeks, LocalDate start, DayOfWeek day) {
        return new Recurrence(start, new Frequency.Weekly(weeks, day), null, null);
    }

    /** A single occurrence on the date. */
    public static Recurrence once(LocalDate date) {
        return new Recurrence(date, Frequency.Once.ONCE, null, null);
    }

    /** This recurrence ending on the date (inclusive); rejected if it already has a count. */
    public Recurrence withEndDate(LocalDate end) {
        return new Recurrence(start, frequency, Objects.requireNonNull(end, "endDate"), occurrenceCount);
    }

    /** This recurrence limited to {@code count} occurrences; rejected if it already has an end date. */
    public Recurrence withOccurrences(int count) {
        return new Recurrence(start, frequency, endDate, count);
    }

    /** The end date, if any. */
    public Optional<LocalDate> end() {
        return Optional.ofNullable(endDate);
    }

    /** The first nominal date. */
    public LocalDate first() {
        return dateAt(start, frequency, 0);
    }

    /** The last nominal date, if the recurrence is bounded by an end date, a count or {@code ONCE}. */
    public Optional<LocalDate> last() {
        if (occurrenceCount != null) {
            return nominalDate(occurrenceCount);
        }
        if (frequency == Frequency.Once.ONCE) {
            return Optional.of(start);
        }
        if (endDate != null) {
            long index = firstIndexOnOrAfter(endDate.plusDays(1)) - 1;
            return Optional.of(dateAt(start, frequency, index));
        }
        return Optional.empty();
    }

    /** The nominal date with the 1-based ordinal, or empty past the end date or count. */
    public Optional<LocalDate> nominalDate(long ordinal) {
        if (ordinal < 1) {
            throw new IllegalArgumentException("ordinal must be at least 1, was " + ordinal);
        }
        return occurrence(ordinal - 1);
    }

    /** The first nominal date on or after the date, or empty if none is left. */
    public Optional<LocalDate> firstOnOrAfter(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return date.isAfter(MAX_DATE) ? Optional.empty() : occurrence(firstIndexOnOrAfter(date));
    }

    /** The first nominal date strictly after the date (usually the previous nominal date), or empty. */
    public Optional<LocalDate> nextAfter(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return date.isBefore(MAX_DATE) ? firstOnOrAfter(date.plusDays(1)) : Optional.empty();
    }

    /** Whether an occurrence falls on the date. */
    public boolean isNominalDate(LocalDate date) {
        return ordinalOf(date).isPresent();
    }

    /** The 1-based ordinal of the occurrence on the date, or empty if none falls on it. */
    public OptionalLong ordinalOf(LocalDate date) {
        Objects.requireNonNull(date, "date");
        if (date.isAfter(MAX_DATE)) {
            return OptionalLong.empty();
        }
        long index = firstIndexOnOrAfter(date);
        return occurrence(index).filter(date::equals).isPresent() ? OptionalLong.of(index + 1) : OptionalLong.empty();
    }

    /** Every nominal date in order; infinite (up to {@link #MAX_DATE}) when unbounded, so limit it. */
    public Stream<LocalDate> nominalDates() {
        return datesFromIndex(0);
    }

    /** The nominal dates from {@code from} to {@code to}, both inclusive, in order. */
    public Stream<LocalDate> nominalDates(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " must not be before from " + from);
        }
        if (from.isAfter(MAX_DATE)) {
            return Stream.empty();
        }
        return datesFromIndex(firstIndexOnOrAfter(from)).takeWhile(date -> !date.isAfter(to));
    }

    private Stream<LocalDate> datesFromIndex(long firstIndex) {
        return LongStream.iterate(firstIndex, i -> i + 1)
                .mapToObj(this::occurrence)
                .takeWhile(Optional::isPresent)
                .map(Optional::get);
    }

    /** The occurrence at the 0-based index if it is within every limit. */
    private Optional<LocalDate> occurrence(long index) {
        if (index < 0 || (occurrenceCount != null && index >= occurrenceCount)) {
            return Optional.empty();
        }
        LocalDate date = dateAt(start, frequency, index);
        if (date == null || (endDate != null && date.isAfter(endDate))) {
            return Optional.empty();
        }
        return Optional.of(date);
    }

    /** The 0-based index of the first rule date on or after the date, ignoring limits. */
    private long firstIndexOnOrAfter(LocalDate date) {
        LocalDate first = first();
        if (!date.isAfter(first)) {
            return 0;
        }
        if (frequency instanceof Frequency.Monthly monthly) {
            long months = YearMonth.from(first).until(YearMonth.from(date), ChronoUnit.MONTHS);
            long index = months / monthly.intervalMonths();
            LocalDate candidate = dateAt(start, frequency, index);
            return candidate != null && !candidate.isBefore(date) ? index : index + 1;
        }
        if (frequency instanceof Frequency.Weekly weekly) {
            long days = first.until(date, ChronoUnit.DAYS);
            long step = 7L * weekly.intervalWeeks();
            return (days + step - 1) / step;
        }
        return 1;
    }

    /** The rule's date at the 0-based index, ignoring limits; null when past {@link #MAX_DATE}. */
    private static LocalDate dateAt(LocalDate start, Frequency frequency, long index) {
        try {
            LocalDate date;
            if (frequency instanceof Frequency.Monthly monthly) {
                YearMonth firstMonth = YearMonth.from(start);
                if (monthly.day().in(firstMonth).isBefore(start)) {
                    firstMonth = firstMonth.plusMonths(1);
                }
                date = monthly.day().in(firstMonth.plusMonths(Math.multiplyExact(index, monthly.intervalMonths())));
            } else if (frequency instanceof Frequency.Weekly weekly) {
                LocalDate firstDate = start.with(TemporalAdjusters.nextOrSame(weekly.day()));
                date = firstDate.plusWeeks(Math.multiplyExact(index, weekly.intervalWeeks()));
            } else {
                date = index == 0 ? start : null;
            }
            return date == null || date.isAfter(MAX_DATE) ? null : date;
        } catch (DateTimeException | ArithmeticException beyondRange) {
            return null;
        }
    }
}
