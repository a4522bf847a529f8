package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttemptKeyTest {

    private static final LocalDate NOMINAL = LocalDate.of(2025, 1, 31);

    @Test
    void the_key_is_schedule_nominal_date_and_attempt_number() {
        AttemptKey key = new Occurrence(42, NOMINAL).attempt(1);
        assertThat(key.format()).isEqualTo("42:2025-01-31:1");
        assertThat(key).hasToString("42:2025-01-31:1");
    }

    @Test
    void parsing_the_text_form_gives_the_same_key() {
        AttemptKey key = new AttemptKey(9_223_372_036_854_775_807L, NOMINAL, Integer.MAX_VALUE);
        assertThat(AttemptKey.parse(key.format())).isEqualTo(key);
        assertThat(AttemptKey.parse("7:2025-10-25:3")).isEqualTo(new AttemptKey(7, LocalDate.of(2025, 10, 25), 3));
    }

    @Test
    void the_next_attempt_belongs_to_the_same_occurrence() {
        AttemptKey first = new Occurrence(5, NOMINAL).attempt(1);
        assertThat(first.next().format()).isEqualTo("5:2025-01-31:2");
        assertThat(first.next().occurrence()).isEqualTo(first.occurrence());
    }

    @ParameterizedTest(name = "''{0}'' names {1}")
    @CsvSource(delimiter = '|', value = {
            "42:2025-01-31:0|attempt",
            "0:2025-01-31:1|scheduleId",
            "42:2025-02-30:1|2025-02-30",
            "42:2025-01-31|{scheduleId}:{nominalDate}:{n}",
            "42:2025-01-31:1:9|{scheduleId}:{nominalDate}:{n}",
            "042:2025-01-31:1|scheduleId",
            "42:2025-01-31:01|attempt",
            "-1:2025-01-31:1|scheduleId",
            "42:2025-01-31:99999999999|attempt",
            "x:2025-01-31:1|scheduleId",
            "42:2025-1-31:1|2025-1-31"})
    void a_malformed_key_is_rejected_naming_the_bad_part(String text, String named) {
        assertThatThrownBy(() -> AttemptKey.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text).hasMessageContaining(named);
    }

    @Test
    void an_attempt_below_one_is_rejected_at_construction() {
        assertThatThrownBy(() -> new AttemptKey(1, NOMINAL, 0)).hasMessageContaining("attempt").hasMessageContaining("0");
        assertThatThrownBy(() -> new Occurrence(0, NOMINAL)).hasMessageContaining("scheduleId");
    }

    @Test
    void occurrences_order_by_schedule_then_nominal_date() {
        assertThat(new Occurrence(1, NOMINAL)).isLessThan(new Occurrence(1, NOMINAL.plusDays(1)));
        assertThat(new Occurrence(1, NOMINAL.plusDays(9))).isLessThan(new Occurrence(2, NOMINAL));
        assertThat(new Occurrence(3, NOMINAL)).hasToString("3:2025-01-31");
    }
}
