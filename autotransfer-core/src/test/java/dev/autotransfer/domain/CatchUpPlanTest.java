package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.calendar.WeekendsOnlyCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CatchUpPlanTest {

    private static final LocalDate JAN = LocalDate.of(2025, 1, 10);
    private static final LocalDate FEB = LocalDate.of(2025, 2, 10);
    private static final LocalDate MAR = LocalDate.of(2025, 3, 10);
    private static final LocalDate APR = LocalDate.of(2025, 4, 10);
    private static final LocalDate MAY = LocalDate.of(2025, 5, 10);

    private final Recurrence monthly = Recurrence.monthly(JAN, 10);
    private final ExecutionTiming timing =
            ExecutionTiming.of(ZoneId.of("Asia/Seoul"), WeekendsOnlyCalendar.INSTANCE, BusinessDayRule.NEXT);

    private CatchUpPlan plan(CatchUpPolicy policy, LocalDate nextDue, LocalDate today) {
        return policy.plan(monthly, timing, nextDue, today);
    }

    @Test
    void run_all_missed_runs_every_missed_occurrence_and_the_current_one() {
        CatchUpPlan plan = plan(CatchUpPolicy.RUN_ALL_MISSED, JAN, APR);
        assertThat(plan.toRun()).containsExactly(JAN, FEB, MAR, APR);
        assertThat(plan.toSkip()).isEmpty();
        assertThat(plan.nextDue()).contains(MAY);
    }

    @Test
    void run_latest_only_runs_only_todays_occurrence_when_one_is_due_and_skips_every_missed_one() {
        CatchUpPlan plan = plan(CatchUpPolicy.RUN_LATEST_ONLY, JAN, APR);
        assertThat(plan.toRun()).containsExactly(APR);
        assertThat(plan.toSkip()).containsExactly(JAN, FEB, MAR);
        assertThat(plan.nextDue()).contains(MAY);
    }

    @Test
    void run_latest_only_runs_the_latest_missed_when_none_is_due_today() {
        CatchUpPlan plan = plan(CatchUpPolicy.RUN_LATEST_ONLY, JAN, LocalDate.of(2025, 3, 20));
        assertThat(plan.toRun()).containsExactly(MAR);
        assertThat(plan.toSkip()).containsExactly(JAN, FEB);
        assertThat(plan.nextDue()).contains(APR);
    }

    @Test
    void skip_missed_records_every_missed_one_and_runs_only_the_current_one() {
        CatchUpPlan plan = plan(CatchUpPolicy.SKIP_MISSED, JAN, APR);
        assertThat(plan.toRun()).containsExactly(APR);
        assertThat(plan.toSkip()).containsExactly(JAN, FEB, MAR);
        assertThat(plan.nextDue()).contains(MAY);
    }

    @Test
    void between_two_occurrences_every_missed_one_is_planned_and_the_next_is_future() {
        CatchUpPlan plan = plan(CatchUpPolicy.SKIP_MISSED, JAN, LocalDate.of(2025, 3, 20));
        assertThat(plan.toRun()).isEmpty();
        assertThat(plan.toSkip()).containsExactly(JAN, FEB, MAR);
        assertThat(plan.nextDue()).contains(APR);
    }

    @Test
    void nothing_is_missed_before_the_execution_date() {
        CatchUpPlan plan = plan(CatchUpPolicy.SKIP_MISSED, APR, LocalDate.of(2025, 4, 9));
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.nextDue()).contains(APR);
    }

    @Test
    void an_occurrence_shifted_to_today_is_due_not_missed_although_its_nominal_date_passed() {
        // 2025-05-10 is a Saturday and executes Monday 2025-05-12
        CatchUpPlan plan = plan(CatchUpPolicy.SKIP_MISSED, MAY, LocalDate.of(2025, 5, 12));
        assertThat(plan.toRun()).containsExactly(MAY);
        assertThat(plan.toSkip()).isEmpty();
    }

    @Test
    void an_exhausted_recurrence_leaves_no_next_due_date() {
        Recurrence three = monthly.withOccurrences(3);
        CatchUpPlan plan = CatchUpPolicy.RUN_LATEST_ONLY.plan(three, timing, JAN, LocalDate.of(2026, 1, 1));
        assertThat(plan.toRun()).containsExactly(MAR);
        assertThat(plan.toSkip()).containsExactly(JAN, FEB);
        assertThat(plan.nextDue()).isEmpty();
    }

    @Test
    void today_is_taken_in_the_schedules_zone() {
        Instant halfPastMidnightInSeoul = Instant.parse("2025-04-09T15:30:00Z");
        assertThat(CatchUpPlan.of(CatchUpPolicy.SKIP_MISSED, monthly, timing, MAR, halfPastMidnightInSeoul).toRun())
                .containsExactly(APR);
        ExecutionTiming inUtc = ExecutionTiming.of(ZoneOffset.UTC, WeekendsOnlyCalendar.INSTANCE, BusinessDayRule.NEXT);
        CatchUpPlan utcPlan = CatchUpPlan.of(CatchUpPolicy.SKIP_MISSED, monthly, inUtc, MAR, halfPastMidnightInSeoul);
        assertThat(utcPlan.toRun()).isEmpty();
        assertThat(utcPlan.toSkip()).containsExactly(MAR);
        assertThat(utcPlan.nextDue()).contains(APR);
    }

    @Test
    void a_next_due_date_that_is_not_a_nominal_date_is_rejected() {
        assertThatThrownBy(() -> plan(CatchUpPolicy.RUN_ALL_MISSED, LocalDate.of(2025, 1, 11), APR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2025-01-11");
    }
}
