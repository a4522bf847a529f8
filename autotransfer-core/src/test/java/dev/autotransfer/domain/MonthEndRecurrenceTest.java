package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonthEndRecurrenceTest {

    private static List<LocalDate> firstN(Recurrence recurrence, int n) {
        return recurrence.nominalDates().limit(n).toList();
    }

    private static LocalDate d(String text) {
        return LocalDate.parse(text);
    }

    @Test
    void the_31st_falls_on_the_last_day_of_short_months_and_returns_to_the_31st() {
        assertThat(firstN(Recurrence.monthly(d("2027-01-31"), 31), 5))
                .containsExactly(d("2027-01-31"), d("2027-02-28"), d("2027-03-31"), d("2027-04-30"), d("2027-05-31"));
    }

    @Test
    void the_31st_falls_on_february_29_in_the_leap_year_2028() {
        assertThat(firstN(Recurrence.monthly(d("2028-01-31"), 31), 3))
                .containsExactly(d("2028-01-31"), d("2028-02-29"), d("2028-03-31"));
    }

    @Test
    void the_29th_and_30th_fall_on_february_28_in_a_non_leap_year_and_keep_their_day_after() {
        assertThat(firstN(Recurrence.monthly(d("2026-01-29"), 29), 3))
                .containsExactly(d("2026-01-29"), d("2026-02-28"), d("2026-03-29"));
        assertThat(firstN(Recurrence.monthly(d("2026-01-30"), 30), 3))
                .containsExactly(d("2026-01-30"), d("2026-02-28"), d("2026-03-30"));
        assertThat(firstN(Recurrence.monthly(d("2028-01-30"), 30), 2))
                .containsExactly(d("2028-01-30"), d("2028-02-29"));
    }

    @Test
    void the_31st_in_thirty_day_months_is_the_30th() {
        assertThat(firstN(Recurrence.monthly(d("2025-04-01"), 31), 4))
                .containsExactly(d("2025-04-30"), d("2025-05-31"), d("2025-06-30"), d("2025-07-31"));
    }

    @Test
    void a_schedule_starting_on_february_28_for_the_31st_does_not_drift_to_the_28th() {
        assertThat(firstN(Recurrence.monthly(d("2025-02-28"), 31), 3))
                .containsExactly(d("2025-02-28"), d("2025-03-31"), d("2025-04-30"));
    }

    @Test
    void the_last_day_rule_gives_every_month_end_including_leap_february() {
        assertThat(firstN(Recurrence.monthlyOnLastDay(d("2027-11-15")), 5))
                .containsExactly(d("2027-11-30"), d("2027-12-31"), d("2028-01-31"), d("2028-02-29"), d("2028-03-31"));
    }

    @Test
    void a_start_after_this_months_day_begins_next_month() {
        Recurrence recurrence = Recurrence.monthly(d("2025-03-27"), 25);
        assertThat(recurrence.first()).isEqualTo(d("2025-04-25"));
        assertThat(recurrence.isNominalDate(d("2025-03-25"))).isFalse();
    }

    @Test
    void a_start_on_the_day_itself_is_the_first_occurrence() {
        assertThat(Recurrence.monthly(d("2025-03-25"), 25).first()).isEqualTo(d("2025-03-25"));
    }

    @Test
    void queries_agree_at_month_ends() {
        Recurrence recurrence = Recurrence.monthly(d("2027-01-31"), 31);
        assertThat(recurrence.isNominalDate(d("2027-02-28"))).isTrue();
        assertThat(recurrence.isNominalDate(d("2027-03-30"))).isFalse();
        assertThat(recurrence.nextAfter(d("2027-02-28"))).contains(d("2027-03-31"));
        assertThat(recurrence.firstOnOrAfter(d("2027-03-01"))).contains(d("2027-03-31"));
        assertThat(recurrence.nominalDate(2)).contains(d("2027-02-28"));
        assertThat(recurrence.ordinalOf(d("2027-04-30"))).hasValue(4);
        assertThat(recurrence.nominalDate(13)).contains(d("2028-01-31"));
        assertThat(recurrence.nominalDate(14)).contains(d("2028-02-29"));
    }
}
