package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.calendar.FixedHolidayCalendar;
import dev.autotransfer.calendar.HolidayCalendar;
import dev.autotransfer.calendar.KoreanBankCalendar;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessDayShiftingTest {

    private final HolidayCalendar korea = KoreanBankCalendar.shipped();

    private static LocalDate d(String text) {
        return LocalDate.parse(text);
    }

    @Test
    void next_moves_past_the_whole_seollal_holiday() {
        assertThat(BusinessDayRule.NEXT.apply(d("2026-02-16"), korea)).isEqualTo(d("2026-02-19"));
    }

    @Test
    void next_moves_past_chuseok_and_its_substitute_day_and_hangul_day() {
        assertThat(BusinessDayRule.NEXT.apply(d("2025-10-03"), korea)).isEqualTo(d("2025-10-10"));
    }

    @Test
    void previous_moves_back_before_the_long_october_holiday() {
        assertThat(BusinessDayRule.PREVIOUS.apply(d("2025-10-08"), korea)).isEqualTo(d("2025-10-02"));
    }

    @Test
    void next_from_a_closed_month_end_goes_into_the_next_month() {
        // 2026-05-31 is a Sunday
        assertThat(BusinessDayRule.NEXT.apply(d("2026-05-31"), korea)).isEqualTo(d("2026-06-01"));
        // 2027-10-31 is a Sunday
        assertThat(BusinessDayRule.NEXT.apply(d("2027-10-31"), korea)).isEqualTo(d("2027-11-01"));
    }

    @Test
    void modified_following_stays_in_the_month_when_next_would_cross_it() {
        assertThat(BusinessDayRule.MODIFIED_FOLLOWING.apply(d("2026-05-31"), korea)).isEqualTo(d("2026-05-29"));
        assertThat(BusinessDayRule.MODIFIED_FOLLOWING.apply(d("2027-10-31"), korea)).isEqualTo(d("2027-10-29"));
    }

    @Test
    void modified_following_behaves_like_next_inside_the_month() {
        assertThat(BusinessDayRule.MODIFIED_FOLLOWING.apply(d("2026-02-16"), korea)).isEqualTo(d("2026-02-19"));
    }

    @Test
    void a_holiday_on_the_last_weekday_of_the_month_splits_next_and_modified_following() {
        HolidayCalendar calendar = new FixedHolidayCalendar("test", List.of(d("2025-09-30")));
        assertThat(BusinessDayRule.NEXT.apply(d("2025-09-30"), calendar)).isEqualTo(d("2025-10-01"));
        assertThat(BusinessDayRule.MODIFIED_FOLLOWING.apply(d("2025-09-30"), calendar)).isEqualTo(d("2025-09-29"));
    }

    @Test
    void modified_following_at_a_year_end_stays_in_december() {
        HolidayCalendar calendar = new FixedHolidayCalendar("test", List.of(d("2025-12-31")));
        assertThat(BusinessDayRule.MODIFIED_FOLLOWING.apply(d("2025-12-31"), calendar)).isEqualTo(d("2025-12-30"));
    }

    @Test
    void none_keeps_the_nominal_date_even_on_a_holiday() {
        assertThat(BusinessDayRule.NONE.apply(d("2025-01-01"), korea)).isEqualTo(d("2025-01-01"));
    }

    @Test
    void every_rule_keeps_a_business_day() {
        for (BusinessDayRule rule : BusinessDayRule.values()) {
            assertThat(rule.apply(d("2025-01-02"), korea)).as("%s", rule).isEqualTo(d("2025-01-02"));
        }
    }

    @Test
    void a_salary_on_the_25th_that_falls_on_a_saturday_executes_on_monday_but_keeps_its_nominal_identity() {
        Recurrence salary = Recurrence.monthly(d("2025-01-25"), 25);
        ExecutionTiming timing = ExecutionTiming.of(ScheduleSpec.DEFAULT_ZONE, korea, BusinessDayRule.NEXT);
        LocalDate nominal = salary.firstOnOrAfter(d("2025-10-01")).orElseThrow();
        assertThat(nominal).isEqualTo(d("2025-10-25"));
        assertThat(timing.executionDate(nominal)).isEqualTo(d("2025-10-27"));
        assertThat(new Occurrence(7, nominal).attempt(1).format()).isEqualTo("7:2025-10-25:1");
    }

    @Test
    void a_holiday_declared_late_moves_the_execution_date_but_not_the_occurrence() {
        Recurrence monthly = Recurrence.monthly(d("2030-01-15"), 15);
        LocalDate nominal = monthly.nominalDate(3).orElseThrow();
        HolidayCalendar before = new FixedHolidayCalendar("test", List.of());
        HolidayCalendar after = new FixedHolidayCalendar("test", List.of(nominal));
        assertThat(BusinessDayRule.NEXT.apply(nominal, before)).isEqualTo(nominal);
        assertThat(BusinessDayRule.NEXT.apply(nominal, after)).isAfter(nominal);
        assertThat(monthly.isNominalDate(nominal)).isTrue();
        assertThat(new Occurrence(1, nominal)).isEqualTo(new Occurrence(1, d("2030-03-15")));
    }
}
