package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.calendar.KoreanBankCalendar;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleSpecTest {

    static final AccountRef MAIN = AccountRef.of("088", "110123456789");
    static final AccountRef SAVINGS = AccountRef.of("088", "220987654321");

    static ScheduleSpec.Builder savingsPlan() {
        return ScheduleSpec.builder()
                .clientReference("savings-2025-0001")
                .source(MAIN)
                .destination(SAVINGS)
                .amount(Money.krw(300_000))
                .recurrence(Recurrence.monthly(LocalDate.of(2025, 1, 25), 25).withOccurrences(12));
    }

    @Test
    void the_builder_fills_in_the_defaults() {
        ScheduleSpec spec = savingsPlan().build();
        assertThat(spec.memo()).isEmpty();
        assertThat(spec.priority()).isEqualTo(Priority.P1);
        assertThat(spec.zone()).isEqualTo(ZoneId.of("Asia/Seoul"));
        assertThat(spec.businessDayRule()).isEqualTo(BusinessDayRule.NEXT);
        assertThat(spec.calendarId()).isEqualTo(KoreanBankCalendar.ID);
        assertThat(spec.catchUpPolicy()).isEqualTo(CatchUpPolicy.RUN_ALL_MISSED);
    }

    @Test
    void the_same_content_is_recognised_for_an_idempotent_create() {
        ScheduleSpec first = savingsPlan().build();
        ScheduleSpec retried = savingsPlan().build();
        assertThat(retried.sameContentAs(first)).isTrue();
        assertThat(retried.differencesFrom(first)).isEmpty();
        assertThat(first.toBuilder().build()).isEqualTo(first);
    }

    @Test
    void other_content_under_the_same_reference_is_told_apart_naming_the_fields() {
        ScheduleSpec first = savingsPlan().build();
        ScheduleSpec other = savingsPlan().amount(Money.krw(500_000)).priority(Priority.P0).build();
        assertThat(other.sameContentAs(first)).isFalse();
        assertThat(other.differencesFrom(first)).containsExactly("amount", "priority");
    }

    @Test
    void equal_zones_written_differently_compare_equal() {
        ScheduleSpec utcByName = savingsPlan().zone(ZoneId.of("UTC")).build();
        ScheduleSpec utcByOffset = savingsPlan().zone(ZoneOffset.UTC).build();
        assertThat(utcByName.sameContentAs(utcByOffset)).isTrue();
    }

    @Test
    void the_same_account_on_both_sides_is_rejected_with_the_number_masked() {
        assertThatThrownBy(() -> savingsPlan().destination(MAIN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination").hasMessageContaining("088/****6789")
                .hasMessageNotContaining("110123456789");
    }

    @Test
    void a_zero_or_negative_amount_is_rejected_naming_it() {
        assertThatThrownBy(() -> savingsPlan().amount(Money.krw(0)).build())
                .hasMessageContaining("amount").hasMessageContaining("0 KRW");
        assertThatThrownBy(() -> savingsPlan().amount(Money.krw(-5)).build()).hasMessageContaining("-5 KRW");
    }

    @Test
    void the_client_reference_must_be_1_to_100_visible_characters() {
        assertThatThrownBy(() -> savingsPlan().clientReference("").build())
                .hasMessageContaining("clientReference").hasMessageContaining("1..100");
        assertThatThrownBy(() -> savingsPlan().clientReference("r".repeat(101)).build())
                .hasMessageContaining("clientReference").hasMessageContaining("101");
        assertThatThrownBy(() -> savingsPlan().clientReference("   ").build())
                .hasMessageContaining("clientReference").hasMessageContaining("blank");
        assertThatThrownBy(() -> savingsPlan().clientReference("a\nb").build())
                .hasMessageContaining("clientReference").hasMessageContaining("control");
        assertThat(savingsPlan().clientReference("r".repeat(100)).build().clientReference()).hasSize(100);
    }

    @Test
    void a_missing_required_field_is_named() {
        assertThatThrownBy(() -> savingsPlan().recurrence(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("recurrence");
        assertThatThrownBy(() -> savingsPlan().source(null).build()).hasMessage("source");
    }

    @Test
    void the_memo_is_bounded() {
        assertThatThrownBy(() -> savingsPlan().memo("m".repeat(101)).build()).hasMessageContaining("memo");
    }

    @Test
    void the_execution_timing_uses_the_named_calendar_zone_and_rule() {
        ScheduleSpec spec = savingsPlan().businessDayRule(BusinessDayRule.PREVIOUS).build();
        ExecutionTiming timing = spec.executionTiming(HolidayCalendarRegistry.withDefaults());
        assertThat(timing.calendar()).isSameAs(KoreanBankCalendar.shipped());
        assertThat(timing.zone()).isEqualTo(spec.zone());
        // 2025-10-25 is a Saturday
        assertThat(timing.executionDate(LocalDate.of(2025, 10, 25))).isEqualTo(LocalDate.of(2025, 10, 24));
        assertThatThrownBy(() -> savingsPlan().calendarId("xx").build().executionTiming(HolidayCalendarRegistry.withDefaults()))
                .hasMessageContaining("xx");
    }
}
