package dev.autotransfer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.domain.CatchUpPolicy;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.spi.TransferStore.Advance;
import dev.autotransfer.spi.TransferStore.NewWorkItem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** How a schedule moves on: next occurrence, catch-up of missed ones, never from a stale occurrence. */
class ScheduleAdvancerTest {

    private static final LocalDate SEPTEMBER = LocalDate.of(2026, 9, 25);
    private static final Instant NOV_25_KST_0930 = Instant.parse("2026-11-25T00:30:00Z");

    @Test
    void after_success_the_next_month_gets_its_work_item_at_its_execution_instant() {
        Schedule s = schedule(CatchUpPolicy.RUN_ALL_MISSED, LocalDate.of(2026, 11, 25));
        Advance advance = advancer(i -> true).afterEnd(s, LocalDate.of(2026, 11, 25), NOV_25_KST_0930, NOV_25_KST_0930);

        assertThat(advance.to()).isEqualTo(LocalDate.of(2026, 12, 25));
        // 2026-12-25 is a holiday in Korea (Friday): execution moves to Monday the 28th, 00:00 Seoul
        assertThat(advance.newItems()).extracting(NewWorkItem::notBefore)
                .containsExactly(Instant.parse("2026-12-27T15:00:00Z"));
        assertThat(advance.executedAt()).isEqualTo(NOV_25_KST_0930);
        assertThat(advance.skipped()).isEmpty();
    }

    @Test
    void a_stale_or_cancelled_schedule_does_not_move() {
        Schedule s = schedule(CatchUpPolicy.RUN_ALL_MISSED, LocalDate.of(2026, 12, 25));
        assertThat(advancer(i -> true).afterEnd(s, LocalDate.of(2026, 11, 25), null, NOV_25_KST_0930)).isNull();
        Schedule cancelled = new Schedule(s.id(), s.spec(), ScheduleStatus.CANCELLED, LocalDate.of(2026, 11, 25), 1, 0,
                null, s.createdAt());
        assertThat(advancer(i -> true).afterEnd(cancelled, LocalDate.of(2026, 11, 25), null, NOV_25_KST_0930)).isNull();
    }

    @Test
    void an_open_occurrence_moves_the_schedule_only_once_the_next_one_falls_due() {
        Schedule s = schedule(CatchUpPolicy.RUN_ALL_MISSED, LocalDate.of(2026, 10, 25));
        assertThat(advancer(i -> true).whileOpen(s, LocalDate.of(2026, 10, 25), Instant.parse("2026-10-27T00:00:00Z")))
                .isNull();
        Advance advance = advancer(i -> true).whileOpen(s, LocalDate.of(2026, 10, 25), NOV_25_KST_0930);
        assertThat(advance.to()).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(advance.newItems()).extracting(i -> i.occurrence().nominalDate())
                .containsExactly(LocalDate.of(2026, 11, 25));
    }

    @Test
    void missed_occurrences_follow_the_policy_and_late_ones_always_run() {
        Schedule skip = schedule(CatchUpPolicy.SKIP_MISSED, SEPTEMBER);
        Advance nobodyAlive = advancer(i -> false).afterEnd(skip, SEPTEMBER, null, NOV_25_KST_0930);
        assertThat(nobodyAlive.skipped()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.SKIPPED);
            assertThat(e.key().nominalDate()).isEqualTo(LocalDate.of(2026, 10, 25));
            assertThat(e.key().attempt()).isEqualTo(1);
        });
        assertThat(nobodyAlive.newItems()).extracting(i -> i.occurrence().nominalDate())
                .containsExactly(LocalDate.of(2026, 11, 25));
        assertThat(nobodyAlive.to()).isEqualTo(LocalDate.of(2026, 11, 25));

        Advance someoneAlive = advancer(i -> true).afterEnd(skip, SEPTEMBER, null, NOV_25_KST_0930);
        assertThat(someoneAlive.skipped()).isEmpty();
        assertThat(someoneAlive.newItems()).extracting(NewWorkItem::kind).containsExactly("CURRENT", "CURRENT");

        Schedule latest = schedule(CatchUpPolicy.RUN_LATEST_ONLY, SEPTEMBER);
        Advance onlyLatest = advancer(i -> false).afterEnd(latest, SEPTEMBER, null, NOV_25_KST_0930);
        assertThat(onlyLatest.skipped()).hasSize(1);
        assertThat(onlyLatest.newItems()).extracting(i -> i.occurrence().nominalDate())
                .containsExactly(LocalDate.of(2026, 11, 25));
    }

    @Test
    void when_every_due_occurrence_is_skipped_the_first_future_one_becomes_current() {
        Schedule skip = schedule(CatchUpPolicy.SKIP_MISSED, SEPTEMBER);
        Instant dec1 = Instant.parse("2026-12-01T00:00:00Z");
        Advance advance = advancer(i -> false).afterEnd(skip, SEPTEMBER, null, dec1);
        assertThat(advance.skipped()).extracting(e -> e.key().nominalDate())
                .containsExactly(LocalDate.of(2026, 10, 25), LocalDate.of(2026, 11, 25));
        assertThat(advance.to()).isEqualTo(LocalDate.of(2026, 12, 25));
        assertThat(advance.newItems()).extracting(NewWorkItem::kind).containsExactly("CURRENT");
    }

    private static Schedule schedule(CatchUpPolicy policy, LocalDate current) {
        ScheduleSpec spec = ScheduleSpec.builder()
                .clientReference("advance")
                .source(AccountRef.of("BANK_A", "110-0000-0001"))
                .destination(AccountRef.of("OTHER", "990-0000-0001"))
                .amount(Money.krw(1_000))
                .recurrence(Recurrence.monthly(SEPTEMBER, 25))
                .catchUpPolicy(policy)
                .build();
        return new Schedule(7, spec, ScheduleStatus.ACTIVE, current, 0, 0, null, Instant.parse("2026-09-01T00:00:00Z"));
    }

    private static ScheduleAdvancer advancer(Predicate<Instant> alive) {
        return new ScheduleAdvancer(HolidayCalendarRegistry.withDefaults(), (instant, tolerance) -> alive.test(instant),
                Duration.ofSeconds(20));
    }
}
