package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RecurrenceLimitsTest {

    private static LocalDate d(String text) {
        return LocalDate.parse(text);
    }

    @Test
    void an_end_date_is_inclusive_and_ends_every_query() {
        Recurrence recurrence = Recurrence.monthly(d("2025-01-10"), 10).withEndDate(d("2025-04-10"));
        assertThat(recurrence.nominalDates()).containsExactly(d("2025-01-10"), d("2025-02-10"), d("2025-03-10"), d("2025-04-10"));
        assertThat(recurrence.nextAfter(d("2025-04-10"))).isEmpty();
        assertThat(recurrence.isNominalDate(d("2025-05-10"))).isFalse();
        assertThat(recurrence.nominalDate(5)).isEmpty();
        assertThat(recurrence.last()).contains(d("2025-04-10"));
    }

    @Test
    void a_savings_term_of_twelve_installments_has_exactly_twelve_dates() {
        Recurrence savings = Recurrence.monthly(d("2025-01-25"), 25).withOccurrences(12);
        assertThat(savings.nominalDates()).hasSize(12).last().isEqualTo(d("2025-12-25"));
        assertThat(savings.nominalDate(12)).contains(d("2025-12-25"));
        assertThat(savings.nominalDate(13)).isEmpty();
        assertThat(savings.firstOnOrAfter(d("2025-12-26"))).isEmpty();
        assertThat(savings.last()).contains(d("2025-12-25"));
    }

    @Test
    void once_has_a_single_date() {
        Recurrence once = Recurrence.once(d("2025-07-01"));
        assertThat(once.nominalDates()).containsExactly(d("2025-07-01"));
        assertThat(once.nextAfter(d("2025-07-01"))).isEmpty();
        assertThat(once.firstOnOrAfter(d("2025-06-01"))).contains(d("2025-07-01"));
        assertThat(once.isNominalDate(d("2025-07-01"))).isTrue();
        assertThat(once.last()).contains(d("2025-07-01"));
    }

    @Test
    void an_unbounded_recurrence_has_no_last_date() {
        assertThat(Recurrence.weekly(d("2025-01-01"), DayOfWeek.MONDAY).last()).isEmpty();
    }

    @Test
    void end_date_and_count_together_are_rejected() {
        assertThatThrownBy(() -> Recurrence.monthly(d("2025-01-10"), 10).withEndDate(d("2025-12-31")).withOccurrences(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endDate (2025-12-31)").hasMessageContaining("occurrenceCount (3)");
    }

    @Test
    void bad_values_are_rejected_naming_the_field_and_value() {
        assertThatThrownBy(() -> Recurrence.monthly(d("2025-01-01"), 32))
                .hasMessageContaining("dayOfMonth").hasMessageContaining("32");
        assertThatThrownBy(() -> Recurrence.monthly(d("2025-01-01"), 0)).hasMessageContaining("dayOfMonth");
        assertThatThrownBy(() -> Recurrence.everyMonths(0, d("2025-01-01"), DayOfMonthRule.day(1)))
                .hasMessageContaining("intervalMonths").hasMessageContaining("0");
        assertThatThrownBy(() -> Recurrence.everyWeeks(-1, d("2025-01-01"), DayOfWeek.MONDAY))
                .hasMessageContaining("intervalWeeks").hasMessageContaining("-1");
        assertThatThrownBy(() -> Recurrence.monthly(d("2025-01-01"), 1).withOccurrences(0))
                .hasMessageContaining("occurrenceCount").hasMessageContaining("0");
        assertThatThrownBy(() -> Recurrence.once(d("2025-01-01")).withOccurrences(2))
                .hasMessageContaining("occurrenceCount").hasMessageContaining("2");
    }

    @Test
    void an_end_before_the_start_is_rejected() {
        assertThatThrownBy(() -> Recurrence.monthly(d("2025-03-01"), 1).withEndDate(d("2025-02-28")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endDate 2025-02-28").hasMessageContaining("start 2025-03-01");
    }

    @Test
    void an_end_before_the_first_matching_date_is_rejected_as_having_no_occurrence() {
        assertThatThrownBy(() -> Recurrence.monthly(d("2025-03-10"), 5).withEndDate(d("2025-03-31")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no occurrence").hasMessageContaining("2025-04-05");
    }

    @Test
    void an_ordinal_below_one_is_rejected() {
        assertThatThrownBy(() -> Recurrence.once(d("2025-01-01")).nominalDate(0))
                .hasMessageContaining("ordinal").hasMessageContaining("0");
    }

    @Test
    void no_date_past_the_year_9999_exists() {
        Recurrence recurrence = Recurrence.everyMonths(1200, d("9000-01-01"), DayOfMonthRule.day(1));
        assertThat(recurrence.nominalDates()).containsExactly(d("9000-01-01"), d("9100-01-01"), d("9200-01-01"),
                d("9300-01-01"), d("9400-01-01"), d("9500-01-01"), d("9600-01-01"), d("9700-01-01"),
                d("9800-01-01"), d("9900-01-01"));
        assertThat(recurrence.nominalDate(Long.MAX_VALUE)).isEmpty();
        assertThat(recurrence.firstOnOrAfter(LocalDate.MAX)).isEmpty();
    }
}
