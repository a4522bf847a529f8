package dev.autotransfer.calendar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the calendar a schedule names by its id.
 *
 * <p>{@link #withDefaults()} knows {@code kr-bank} (the shipped {@link KoreanBankCalendar}) and
 * {@code weekends}; {@link #with(HolidayCalendar)} adds or replaces one, for example an updated
 * Korean table. Immutable and thread-safe.
 *
 * @param calendars the calendars by id
 */
public record HolidayCalendarRegistry(Map<String, HolidayCalendar> calendars) {

    /** Validates that every key is its calendar's id, and copies the map. */
    public HolidayCalendarRegistry {
        Objects.requireNonNull(calendars, "calendars");
        calendars.forEach((id, calendar) -> {
            if (!id.equals(calendar.id())) {
                throw new IllegalArgumentException("calendar registered as '" + id + "' has id '" + calendar.id() + "'");
            }
        });
        calendars = Map.copyOf(calendars);
    }

    /** A registry of exactly the given calendars. */
    public static HolidayCalendarRegistry of(List<? extends HolidayCalendar> calendars) {
        Map<String, HolidayCalendar> byId = new LinkedHashMap<>();
        for (HolidayCalendar calendar : calendars) {
            if (byId.put(calendar.id(), calendar) != null) {
                throw new IllegalArgumentException("calendar id '" + calendar.id() + "' given twice");
            }
        }
        return new HolidayCalendarRegistry(byId);
    }

    /** The shipped calendars: {@code kr-bank} and {@code weekends}. */
    public static HolidayCalendarRegistry withDefaults() {
        return of(List.of(KoreanBankCalendar.shipped(), WeekendsOnlyCalendar.INSTANCE));
    }

    /** A registry with this one's calendars plus the given one, replacing any with the same id. */
    public HolidayCalendarRegistry with(HolidayCalendar calendar) {
        Map<String, HolidayCalendar> copy = new LinkedHashMap<>(calendars);
        copy.put(calendar.id(), calendar);
        return new HolidayCalendarRegistry(copy);
    }

    /**
     * The calendar with the id.
     *
     * @throws IllegalArgumentException naming the unknown id and the known ones
     */
    public HolidayCalendar get(String id) {
        HolidayCalendar calendar = calendars.get(Objects.requireNonNull(id, "id"));
        if (calendar == null) {
            throw new IllegalArgumentException("calendarId '" + id + "' is unknown; known: "
                    + calendars.keySet().stream().sorted().toList());
        }
        return calendar;
    }
}
