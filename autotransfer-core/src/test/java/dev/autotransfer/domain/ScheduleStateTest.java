package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ScheduleStateTest {

    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant EXECUTED = Instant.parse("2025-01-24T15:00:01Z");
    private static final LocalDate JAN = LocalDate.of(2025, 1, 25);
    private static final LocalDate FEB = LocalDate.of(2025, 2, 25);

    private final Schedule schedule = Schedule.create(1, ScheduleSpecTest.savingsPlan().build(), CREATED);

    @Test
    void a_new_schedule_is_active_with_its_first_occurrence_current() {
        assertThat(schedule.status()).isEqualTo(ScheduleStatus.ACTIVE);
        assertThat(schedule.nextDue()).contains(JAN);
        assertThat(schedule.currentOccurrence()).contains(new Occurrence(1, JAN));
        assertThat(schedule.version()).isZero();
        assertThat(schedule.retryCount()).isZero();
        assertThat(schedule.lastExecuted()).isEmpty();
    }

    @Test
    void success_advances_to_the_next_occurrence_resets_retries_and_keeps_the_version() {
        Schedule after = schedule.withRetryCount(2).succeeded(JAN, EXECUTED);
        assertThat(after.nextDue()).contains(FEB);
        assertThat(after.retryCount()).isZero();
        assertThat(after.lastExecuted()).contains(EXECUTED);
        assertThat(after.version()).isZero();
    }

    @Test
    void a_repeated_success_for_an_earlier_occurrence_changes_nothing() {
        Schedule after = schedule.succeeded(JAN, EXECUTED);
        assertThat(after.succeeded(JAN, EXECUTED.plusSeconds(60))).isSameAs(after);
    }

    @Test
    void success_for_a_later_occurrence_than_the_current_one_is_rejected() {
        assertThatThrownBy(() -> schedule.succeeded(FEB, EXECUTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2025-02-25");
    }

    @Test
    void the_last_installment_finishes_the_schedule() {
        Schedule last = schedule.withNextDueDate(LocalDate.of(2025, 12, 25));
        Schedule finished = last.succeeded(LocalDate.of(2025, 12, 25), EXECUTED);
        assertThat(finished.isFinished()).isTrue();
        assertThat(finished.currentOccurrence()).isEmpty();
    }

    @Test
    void the_next_due_date_never_moves_backwards_and_must_be_a_nominal_date() {
        Schedule feb = schedule.withNextDueDate(FEB);
        assertThatThrownBy(() -> feb.withNextDueDate(JAN)).hasMessageContaining("backwards");
        assertThatThrownBy(() -> schedule.withNextDueDate(LocalDate.of(2025, 2, 26)))
                .hasMessageContaining("nextDueDate 2025-02-26");
    }

    @Test
    void a_status_change_is_a_user_edit_and_cancelled_is_final() {
        Schedule paused = schedule.withStatus(ScheduleStatus.PAUSED);
        assertThat(paused.version()).isEqualTo(1);
        Schedule cancelled = paused.withStatus(ScheduleStatus.CANCELLED);
        assertThat(cancelled.version()).isEqualTo(2);
        assertThatThrownBy(() -> cancelled.withStatus(ScheduleStatus.ACTIVE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CANCELLED");
    }

    @Test
    void negative_counters_are_rejected() {
        assertThatThrownBy(() -> schedule.withRetryCount(-1)).hasMessageContaining("retryCount").hasMessageContaining("-1");
        assertThatThrownBy(() -> new Schedule(0, schedule.spec(), ScheduleStatus.ACTIVE, JAN, 0, 0, null, CREATED))
                .hasMessageContaining("id");
    }
}
