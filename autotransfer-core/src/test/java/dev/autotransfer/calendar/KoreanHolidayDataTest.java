package dev.autotransfer.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KoreanHolidayDataTest {

    private final KoreanBankCalendar calendar = KoreanBankCalendar.shipped();

    static Stream<String> closedWeekdays() {
        return Stream.of(
                // 2025
                "2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-03-03",
                "2025-05-01", "2025-05-05", "2025-05-06", "2025-06-03", "2025-06-06", "2025-08-15",
                "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08", "2025-10-09", "2025-12-25",
                // 2026
                "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-03-02", "2026-05-01",
                "2026-05-05", "2026-05-25", "2026-06-03", "2026-07-17", "2026-08-17", "2026-09-24",
                "2026-09-25", "2026-10-05", "2026-10-09", "2026-12-25",
                // 2027
                "2027-01-01", "2027-02-08", "2027-02-09", "2027-03-01", "2027-05-05", "2027-05-13",
                "2027-08-16", "2027-09-14", "2027-09-15", "2027-09-16", "2027-10-04", "2027-10-11",
                "2027-12-27");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closedWeekdays")
    void banks_are_closed_on_each_known_holiday_weekday(String date) {
        LocalDate day = LocalDate.parse(date);
        assertThat(WeekendsOnlyCalendar.isWeekend(day)).as("%s is a weekday", day).isFalse();
        assertThat(calendar.isBusinessDay(day)).as("%s is closed", day).isFalse();
        assertThat(calendar.holidayOn(day)).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2025-03-01", "2026-03-01", "2026-05-24", "2026-06-06", "2026-08-15", "2026-09-26",
            "2026-10-03", "2027-02-06", "2027-02-07", "2027-06-06", "2027-08-15", "2027-10-03", "2027-10-09",
            "2027-12-25", "2025-10-05"})
    void holidays_that_fall_on_a_weekend_are_listed_with_their_real_date(String date) {
        LocalDate day = LocalDate.parse(date);
        assertThat(WeekendsOnlyCalendar.isWeekend(day)).isTrue();
        assertThat(calendar.holidayOn(day)).as("%s listed", day).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2025-01-31", "2025-03-04", "2025-05-07", "2025-10-10", "2026-02-19", "2026-06-05",
            "2026-09-23", "2026-09-28", "2027-02-10", "2027-05-12", "2027-09-17", "2027-12-31", "2026-07-16"})
    void ordinary_weekdays_around_holidays_are_business_days(String date) {
        assertThat(calendar.isBusinessDay(LocalDate.parse(date))).isTrue();
    }

    @Test
    void may_first_is_a_bank_closed_day_every_covered_year() {
        for (int year = 2025; year <= 2027; year++) {
            LocalDate mayDay = LocalDate.of(year, 5, 1);
            assertThat(calendar.holidayOn(mayDay)).get()
                    .extracting(Holiday::kind).isEqualTo(HolidayKind.BANK_CLOSED);
            assertThat(calendar.isBusinessDay(mayDay)).isFalse();
        }
    }

    @Test
    void every_substitute_holiday_is_a_weekday_right_after_a_run_of_closed_days() {
        List<Holiday> substitutes = calendar.holidays().stream()
                .filter(h -> h.kind() == HolidayKind.SUBSTITUTE).toList();
        assertThat(substitutes).hasSize(13);
        for (Holiday substitute : substitutes) {
            LocalDate day = substitute.date();
            assertThat(day.getDayOfWeek()).as("%s", substitute).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(calendar.isBusinessDay(day.minusDays(1))).as("day before %s is closed", substitute).isFalse();
        }
    }

    @Test
    void the_substitute_days_match_the_announced_ones() {
        assertThat(calendar.holidays().stream().filter(h -> h.kind() == HolidayKind.SUBSTITUTE)
                .map(h -> h.date().toString()))
                .containsExactly("2025-03-03", "2025-05-06", "2025-10-08",
                        "2026-03-02", "2026-05-25", "2026-08-17", "2026-10-05",
                        "2027-02-09", "2027-07-19", "2027-08-16", "2027-10-04", "2027-10-11", "2027-12-27")
                .hasSize(13);
    }

    @Test
    void lunar_holidays_fall_on_their_solar_dates_for_each_year() {
        assertThat(namedOn("2025-01-29")).contains("설날");
        assertThat(namedOn("2026-02-17")).contains("설날");
        assertThat(namedOn("2027-02-07")).contains("설날");
        assertThat(namedOn("2025-10-06")).contains("추석");
        assertThat(namedOn("2026-09-25")).contains("추석");
        assertThat(namedOn("2027-09-15")).contains("추석");
        assertThat(calendar.holidays()).filteredOn(h -> h.name().startsWith("부처님오신날 ("))
                .extracting(h -> h.date().toString())
                .containsExactly("2025-05-05", "2026-05-24", "2027-05-13");
    }

    @Test
    void memorial_day_on_a_weekend_has_no_substitute() {
        assertThat(calendar.isBusinessDay(LocalDate.of(2026, 6, 8))).isTrue();
        assertThat(calendar.isBusinessDay(LocalDate.of(2027, 6, 7))).isTrue();
    }

    @Test
    void every_listed_date_names_its_status_and_the_2027_dates_are_not_claimed_official() {
        assertThat(calendar.holidays()).filteredOn(h -> h.date().getYear() == 2027)
                .extracting(Holiday::status).doesNotContain(Holiday.Status.OFFICIAL);
        assertThat(calendar.holidays()).filteredOn(h -> h.status() == Holiday.Status.PROVISIONAL)
                .extracting(h -> h.date().toString()).containsExactly("2027-07-19");
    }

    private String namedOn(String date) {
        return calendar.holidays().stream().filter(h -> h.date().equals(LocalDate.parse(date)))
                .map(Holiday::name).findFirst().orElse("");
    }
}
