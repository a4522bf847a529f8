package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.calendar.KoreanBankCalendar;
import dev.autotransfer.calendar.WeekendsOnlyCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExecutionTimingZoneTest {

    private static final LocalDate NOMINAL = LocalDate.of(2025, 1, 31);
    private final ExecutionTiming seoul =
            ExecutionTiming.of(ZoneId.of("Asia/Seoul"), KoreanBankCalendar.shipped(), BusinessDayRule.NEXT);
    private final ExecutionTiming utc =
            ExecutionTiming.of(ZoneOffset.UTC, KoreanBankCalendar.shipped(), BusinessDayRule.NEXT);

    @Test
    void execution_in_seoul_starts_at_local_midnight_which_is_15_00_utc_the_day_before() {
        assertThat(seoul.notBefore(NOMINAL)).isEqualTo(Instant.parse("2025-01-30T15:00:00Z"));
        assertThat(utc.notBefore(NOMINAL)).isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
    }

    @Test
    void half_past_midnight_in_seoul_is_due_there_but_not_yet_in_utc() {
        Instant now = Instant.parse("2025-01-30T15:30:00Z");
        assertThat(seoul.isDue(NOMINAL, now)).isTrue();
        assertThat(utc.isDue(NOMINAL, now)).isFalse();
        assertThat(seoul.isDue(NOMINAL, Instant.parse("2025-01-30T14:59:59.999Z"))).isFalse();
    }

    @Test
    void today_is_read_in_the_schedules_zone_from_the_injected_clock() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-30T15:00:00Z"), ZoneOffset.UTC);
        assertThat(seoul.today(clock)).isEqualTo(NOMINAL);
        assertThat(utc.today(clock)).isEqualTo(NOMINAL.minusDays(1));
    }

    @Test
    void a_configured_start_time_delays_execution_within_the_day() {
        assertThat(seoul.withStartTime(LocalTime.of(9, 0)).notBefore(NOMINAL))
                .isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
    }

    @Test
    void the_instant_follows_the_shifted_execution_date_not_the_nominal_one() {
        // 2025-01-28..30 is Seollal: a nominal Jan 28 executes Jan 31
        assertThat(seoul.executionDate(LocalDate.of(2025, 1, 28))).isEqualTo(NOMINAL);
        assertThat(seoul.notBefore(LocalDate.of(2025, 1, 28))).isEqualTo(Instant.parse("2025-01-30T15:00:00Z"));
    }

    @Test
    void a_start_time_inside_a_daylight_saving_gap_moves_forward_by_the_gap() {
        ExecutionTiming newYork = ExecutionTiming.of(ZoneId.of("America/New_York"), WeekendsOnlyCalendar.INSTANCE,
                BusinessDayRule.NONE).withStartTime(LocalTime.of(2, 30));
        // 2025-03-09 02:30 does not exist in New York; 03:30 EDT is 07:30Z
        assertThat(newYork.notBefore(LocalDate.of(2025, 3, 9))).isEqualTo(Instant.parse("2025-03-09T07:30:00Z"));
    }
}
