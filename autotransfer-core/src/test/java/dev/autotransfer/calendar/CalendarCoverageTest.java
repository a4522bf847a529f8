package dev.autotransfer.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CalendarCoverageTest {

    private final KoreanBankCalendar calendar = KoreanBankCalendar.shipped();

    @Test
    void the_covered_range_is_queryable() {
        assertThat(calendar.covered()).isEqualTo(DateRange.years(2025, 2027));
        assertThat(calendar.covers(LocalDate.of(2025, 1, 1))).isTrue();
        assertThat(calendar.covers(LocalDate.of(2027, 12, 31))).isTrue();
        assertThat(calendar.covers(LocalDate.of(2028, 1, 1))).isFalse();
    }

    @Test
    void a_date_after_the_covered_years_fails_naming_the_date_and_the_range() {
        assertThatThrownBy(() -> calendar.isBusinessDay(LocalDate.of(2028, 3, 2)))
                .isInstanceOf(CalendarCoverageException.class)
                .hasMessageContaining("2028-03-02")
                .hasMessageContaining("2025-01-01..2027-12-31")
                .satisfies(e -> assertThat(((CalendarCoverageException) e).date()).isEqualTo(LocalDate.of(2028, 3, 2)));
    }

    @Test
    void a_weekend_outside_the_covered_years_fails_too_rather_than_guessing() {
        assertThatThrownBy(() -> calendar.isBusinessDay(LocalDate.of(2024, 12, 29)))
                .isInstanceOf(CalendarCoverageException.class)
                .hasMessageContaining("2024-12-29");
    }

    @Test
    void shifting_past_the_last_covered_day_fails_loudly() {
        // 2027-12-31 is a Friday and open; a Saturday nominal date needs 2028-01-03
        assertThat(calendar.businessDayOnOrAfter(LocalDate.of(2027, 12, 31))).isEqualTo(LocalDate.of(2027, 12, 31));
        assertThatThrownBy(() -> calendar.businessDayOnOrAfter(LocalDate.of(2028, 1, 1)))
                .isInstanceOf(CalendarCoverageException.class);
        assertThatThrownBy(() -> calendar.nextBusinessDay(LocalDate.of(2027, 12, 31)))
                .isInstanceOf(CalendarCoverageException.class)
                .hasMessageContaining("2028-01-01");
    }

    @Test
    void a_union_with_the_korean_calendar_still_fails_outside_its_range() {
        HolidayCalendar union = WeekendsOnlyCalendar.INSTANCE.and(calendar);
        assertThatThrownBy(() -> union.isBusinessDay(LocalDate.of(2030, 1, 7)))
                .isInstanceOf(CalendarCoverageException.class);
    }

    @Test
    void holiday_lookup_outside_the_range_fails() {
        assertThatThrownBy(() -> calendar.holidayOn(LocalDate.of(2024, 5, 1)))
                .isInstanceOf(CalendarCoverageException.class);
    }
}
