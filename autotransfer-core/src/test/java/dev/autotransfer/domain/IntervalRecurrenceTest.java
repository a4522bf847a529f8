package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IntervalRecurrenceTest {

    private static LocalDate d(String text) {
        return LocalDate.parse(text);
    }

    @Test
    void every_three_months_counts_from_the_first_occurrence() {
        Recurrence quarterly = Recurrence.everyMonths(3, d("2025-01-10"), DayOfMonthRule.day(5));
        assertThat(quarterly.nominalDates().limit(4))
                .containsExactly(d("2025-02-05"), d("2025-05-05"), d("2025-08-05"), d("2025-11-05"));
    }

    @Test
    void every_two_months_on_the_31st_clamps_each_month_from_the_start() {
        Recurrence recurrence = Recurrence.everyMonths(2, d("2025-12-31"), DayOfMonthRule.day(31));
        assertThat(recurrence.nominalDates().limit(4))
                .containsExactly(d("2025-12-31"), d("2026-02-28"), d("2026-04-30"), d("2026-06-30"));
    }

    @Test
    void yearly_is_every_twelve_months_and_handles_february_29() {
        Recurrence yearly = Recurrence.everyMonths(12, d("2028-02-29"), DayOfMonthRule.day(29));
        assertThat(yearly.nominalDates().limit(5))
                .containsExactly(d("2028-02-29"), d("2029-02-28"), d("2030-02-28"), d("2031-02-28"), d("2032-02-29"));
    }

    @Test
    void weekly_starts_on_the_first_matching_weekday() {
        Recurrence weekly = Recurrence.weekly(d("2025-01-01"), DayOfWeek.FRIDAY);
        assertThat(weekly.nominalDates().limit(3)).containsExactly(d("2025-01-03"), d("2025-01-10"), d("2025-01-17"));
    }

    @Test
    void every_two_weeks_skips_the_weeks_between() {
        Recurrence biweekly = Recurrence.everyWeeks(2, d("2025-01-06"), DayOfWeek.MONDAY);
        assertThat(biweekly.nominalDates().limit(3)).containsExactly(d("2025-01-06"), d("2025-01-20"), d("2025-02-03"));
        assertThat(biweekly.isNominalDate(d("2025-01-13"))).isFalse();
        assertThat(biweekly.firstOnOrAfter(d("2025-01-07"))).contains(d("2025-01-20"));
        assertThat(biweekly.nextAfter(d("2025-01-20"))).contains(d("2025-02-03"));
    }

    @Test
    void a_range_returns_only_the_dates_inside_it() {
        Recurrence monthly = Recurrence.monthly(d("2025-01-15"), 15);
        assertThat(monthly.nominalDates(d("2025-03-15"), d("2025-05-14")))
                .containsExactly(d("2025-03-15"), d("2025-04-15"));
        assertThat(monthly.nominalDates(d("2024-01-01"), d("2025-01-20"))).containsExactly(d("2025-01-15"));
    }

    @Test
    void a_date_before_the_start_is_never_a_nominal_date() {
        Recurrence weekly = Recurrence.weekly(d("2025-01-06"), DayOfWeek.MONDAY);
        assertThat(weekly.isNominalDate(d("2024-12-30"))).isFalse();
        assertThat(weekly.firstOnOrAfter(d("2020-01-01"))).contains(d("2025-01-06"));
    }
}
