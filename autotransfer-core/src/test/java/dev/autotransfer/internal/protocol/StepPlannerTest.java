package dev.autotransfer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.config.EngineConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Step 2 of the protocol: the next step follows from history alone, and never opens a key beside an open one. */
class StepPlannerTest {

    private static final Occurrence OCCURRENCE = new Occurrence(7, LocalDate.of(2026, 11, 25));
    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private static final KeyRetention DAY = KeyRetention.of(Duration.ofHours(24));

    private final List<HistoryEvent> events = new ArrayList<>();

    @Test
    void an_occurrence_without_history_opens_attempt_one() {
        assertThat(decide(ScheduleStatus.ACTIVE)).isEqualTo(new NextStep.StartAttempt(key(1)));
    }

    @Test
    void a_started_attempt_without_an_answer_is_resent_with_its_recorded_request() {
        HistoryEvent started = add(1, EventType.STARTED);

        assertThat(decide(ScheduleStatus.ACTIVE)).isEqualTo(new NextStep.Resend(started));
        assertThat(history().recordedRequest(1)).contains(started.request());
    }

    @Test
    void an_uncertain_answer_leads_to_an_inquiry_of_the_same_key_not_a_new_one() {
        HistoryEvent started = add(1, EventType.STARTED);
        add(1, EventType.UNKNOWN);
        add(1, EventType.UNKNOWN);

        assertThat(decide(ScheduleStatus.ACTIVE)).isEqualTo(new NextStep.Inquire(started));
    }

    @Test
    void an_open_attempt_is_resolved_even_when_the_schedule_was_paused_or_cancelled() {
        HistoryEvent started = add(1, EventType.STARTED);
        add(1, EventType.UNKNOWN);

        assertThat(decide(ScheduleStatus.PAUSED)).isEqualTo(new NextStep.Inquire(started));
        assertThat(decide(ScheduleStatus.CANCELLED)).isEqualTo(new NextStep.Inquire(started));
    }

    @Test
    void an_open_attempt_near_the_end_of_the_key_retention_goes_to_a_person() {
        HistoryEvent started = add(1, EventType.STARTED);
        add(1, EventType.UNKNOWN);
        Instant lastSafeMoment = T0.plus(Duration.ofHours(24)).minusSeconds(10);

        assertThat(planner(5).decide(history(), ScheduleStatus.ACTIVE, Priority.P1, DAY, lastSafeMoment.minusMillis(1)))
                .isEqualTo(new NextStep.Inquire(started));
        assertThat(planner(5).decide(history(), ScheduleStatus.ACTIVE, Priority.P1, DAY, lastSafeMoment))
                .isEqualTo(new NextStep.EscalateToPerson(started));
    }

    @Test
    void a_definitive_failure_opens_the_next_key_until_the_retry_limit_then_dead_letters() {
        add(1, EventType.STARTED);
        add(1, EventType.FAILED);
        assertThat(decide(ScheduleStatus.ACTIVE)).isEqualTo(new NextStep.StartAttempt(key(2)));

        add(2, EventType.STARTED);
        add(2, EventType.FAILED);
        assertThat(planner(2).decide(history(), ScheduleStatus.ACTIVE, Priority.P1, DAY, T0))
                .isEqualTo(new NextStep.DeadLetter(key(2), 2));
    }

    @Test
    void a_requeue_resets_the_failure_count_and_its_attempt_number_comes_from_history() {
        add(1, EventType.STARTED);
        add(1, EventType.FAILED);
        add(1, EventType.DEAD_LETTERED);
        assertThat(decide(ScheduleStatus.ACTIVE)).isInstanceOf(NextStep.Finished.class);

        add(2, EventType.REQUEUED);
        assertThat(history().failuresSinceRequeue()).isZero();
        assertThat(planner(1).decide(history(), ScheduleStatus.ACTIVE, Priority.P1, DAY, T0))
                .isEqualTo(new NextStep.StartAttempt(key(2)));
    }

    @Test
    void a_succeeded_occurrence_is_repaired_and_never_called_again_whatever_came_after() {
        add(1, EventType.STARTED);
        add(1, EventType.UNKNOWN);
        HistoryEvent succeeded = add(1, EventType.SUCCEEDED);

        assertThat(decide(ScheduleStatus.CANCELLED)).isEqualTo(new NextStep.RepairAfterSuccess(succeeded));
    }

    @Test
    void a_cancelled_schedule_ends_its_unopened_occurrence_under_the_next_key_and_a_paused_one_parks() {
        assertThat(decide(ScheduleStatus.CANCELLED)).isEqualTo(new NextStep.Cancel(key(1)));
        assertThat(decide(ScheduleStatus.PAUSED)).isEqualTo(new NextStep.Park());

        add(1, EventType.STARTED);
        add(1, EventType.FAILED);
        assertThat(decide(ScheduleStatus.CANCELLED)).isEqualTo(new NextStep.Cancel(key(2)));
    }

    @Test
    void skipped_and_cancelled_occurrences_are_finished() {
        add(1, EventType.SKIPPED);
        assertThat(decide(ScheduleStatus.ACTIVE)).isInstanceOf(NextStep.Finished.class);
    }

    /** Random legal histories: while an attempt is open the planner never starts, cancels or dead-letters. */
    @Test
    void never_a_new_key_while_an_attempt_is_open_in_random_histories() {
        long seed = Long.getLong("simulation.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 2_000; round++) {
            events.clear();
            int attempt = 0;
            boolean open = false;
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                if (!open) {
                    attempt++;
                    add(attempt, EventType.STARTED);
                    open = true;
                } else {
                    int roll = random.nextInt(4);
                    EventType type = roll < 2 ? EventType.UNKNOWN : roll == 2 ? EventType.FAILED : EventType.SUCCEEDED;
                    add(attempt, type);
                    open = type == EventType.UNKNOWN;
                    if (type == EventType.SUCCEEDED) {
                        break;
                    }
                }
            }
            ScheduleStatus status = ScheduleStatus.values()[random.nextInt(3)];
            NextStep step = planner(1 + random.nextInt(6))
                    .decide(history(), status, Priority.P1, DAY, T0.plusSeconds(60));
            if (history().openAttempt().isPresent()) {
                assertThat(step).as("seed %d round %d: %s", seed, round, events)
                        .isInstanceOfAny(NextStep.Inquire.class, NextStep.Resend.class);
            }
            if (step instanceof NextStep.StartAttempt start) {
                assertThat(start.key().attempt()).as("seed %d", seed).isEqualTo(attempt + 1);
                assertThat(history().succeeded()).as("seed %d", seed).isEmpty();
            }
        }
    }

    private NextStep decide(ScheduleStatus status) {
        return planner(5).decide(history(), status, Priority.P1, DAY, T0.plusSeconds(60));
    }

    private OccurrenceHistory history() {
        return new OccurrenceHistory(OCCURRENCE, events);
    }

    private static AttemptKey key(int attempt) {
        return OCCURRENCE.attempt(attempt);
    }

    private HistoryEvent add(int attempt, EventType type) {
        AttemptKey key = key(attempt);
        TransferRequest request = type != EventType.STARTED ? null
                : new TransferRequest(key.format(), AccountRef.of("088", "110-234-567890"),
                        AccountRef.of("004", "123-45-6789012"), Money.krw(10_000), "rent", T0);
        HistoryEvent event = new HistoryEvent(events.size() + 1, key, type, T0, request,
                type == EventType.SUCCEEDED ? "EXT-1" : null, type == EventType.FAILED ? "INSUFFICIENT_FUNDS" : null,
                null);
        events.add(event);
        return event;
    }

    /** A planner whose occurrences at P1 have {@code retryLimit} tries. */
    private static StepPlanner planner(int retryLimit) {
        EngineConfig config = EngineConfig.builder().retryLimit(Priority.P1, retryLimit).build();
        return new StepPlanner(Duration.ofSeconds(10), new RetryPolicy(config, new SplittableRandom(1)));
    }
}
