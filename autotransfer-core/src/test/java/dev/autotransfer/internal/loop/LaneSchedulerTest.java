package dev.autotransfer.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.domain.Priority;
import dev.autotransfer.bank.sim.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which (bank, priority) the workers claim from next. */
class LaneSchedulerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:30:00Z"));

    @Test
    void p0_is_claimed_most_and_p2_is_never_starved() {
        LaneScheduler scheduler = scheduler(List.of("BANK_A", "BANK_B"));
        List<LaneScheduler.Slot> picks = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            picks.add(scheduler.next(bank -> false));
        }
        Map<Priority, Long> byPriority = picks.stream()
                .collect(Collectors.groupingBy(LaneScheduler.Slot::priority, Collectors.counting()));
        assertThat(byPriority).containsEntry(Priority.P0, 40L).containsEntry(Priority.P1, 20L)
                .containsEntry(Priority.P2, 10L);
        assertThat(picks.get(0).priority()).isEqualTo(Priority.P0);
        Map<String, Long> byBank = picks.stream()
                .collect(Collectors.groupingBy(LaneScheduler.Slot::bank, Collectors.counting()));
        assertThat(byBank).containsEntry("BANK_A", 35L).containsEntry("BANK_B", 35L);
    }

    @Test
    void a_slot_that_yielded_less_than_a_chunk_rests_until_the_next_epoch_or_the_poll_interval() {
        LaneScheduler scheduler = scheduler(List.of("BANK_A"));
        LaneScheduler.Slot p0 = scheduler.next(bank -> false);
        scheduler.report(p0, 3);
        for (int i = 0; i < 20; i++) {
            LaneScheduler.Slot next = scheduler.next(bank -> false);
            assertThat(next.priority()).isNotEqualTo(Priority.P0);
            scheduler.report(next, 10);
        }
        scheduler.reset();
        assertThat(pickAll(scheduler, 7)).contains(Priority.P0);

        LaneScheduler.Slot again = scheduler.next(bank -> false);
        assertThat(again.priority()).isEqualTo(Priority.P0);
        scheduler.report(again, 0);
        clock.advance(Duration.ofMillis(999));
        assertThat(pickAll(scheduler, 7)).as("still resting").doesNotContain(Priority.P0);
        clock.advance(Duration.ofMillis(1));
        assertThat(pickAll(scheduler, 7)).as("rested for the poll interval, within one epoch")
                .contains(Priority.P0);
    }

    @Test
    void a_bank_with_an_open_circuit_is_passed_over_and_an_exhausted_epoch_ends() {
        LaneScheduler scheduler = scheduler(List.of("BANK_A", "BANK_B"));
        for (int i = 0; i < 3; i++) {
            LaneScheduler.Slot slot = scheduler.next(bank -> bank.equals("BANK_A"));
            assertThat(slot.bank()).isEqualTo("BANK_B");
            scheduler.report(slot, 0);
        }
        assertThat(scheduler.next(bank -> bank.equals("BANK_A"))).as("every BANK_B slot exhausted").isNull();
    }

    private LaneScheduler scheduler(List<String> banks) {
        return new LaneScheduler(banks, 10, Duration.ofSeconds(1), clock::instant);
    }

    private static List<Priority> pickAll(LaneScheduler scheduler, int n) {
        List<Priority> picks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picks.add(scheduler.next(bank -> false).priority());
        }
        return picks;
    }

}
