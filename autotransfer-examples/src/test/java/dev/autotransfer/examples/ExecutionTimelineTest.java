package dev.autotransfer.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionTimelineTest {

    static final Instant START = Instant.parse("2026-11-25T00:30:00Z");

    @Test
    void the_steady_rate_leaves_out_a_slow_start_and_a_slow_tail() {
        List<Instant> executed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            executed.add(START.plusSeconds(i));
        }
        for (int i = 0; i < 80; i++) {
            executed.add(START.plusSeconds(10).plusMillis(i * 50L));
        }
        for (int i = 0; i < 10; i++) {
            executed.add(START.plusSeconds(20 + i));
        }
        ExecutionTimeline timeline = ExecutionTimeline.of(START, executed);

        assertThat(timeline.count()).isEqualTo(100);
        assertThat(timeline.totalSeconds()).isEqualTo(29.0);
        assertThat(timeline.firstSeconds()).isZero();
        assertThat(timeline.steadyPerSecond()).isCloseTo(20.0, within(0.01));
    }

    @Test
    void each_second_is_counted_from_the_start_in_order() {
        ExecutionTimeline timeline = ExecutionTimeline.of(START, List.of(START.plusMillis(2_500), START.plusMillis(100),
                START.plusMillis(900), START.plusMillis(2_999)));

        assertThat(timeline.perSecond()).isEqualTo("2,0,2");
        assertThat(timeline.firstSeconds()).isEqualTo(0.1);
    }

    @Test
    void no_execution_gives_zero_figures() {
        ExecutionTimeline timeline = ExecutionTimeline.of(START, List.of());

        assertThat(timeline.totalSeconds()).isZero();
        assertThat(timeline.steadyPerSecond()).isZero();
        assertThat(timeline.perSecond()).isEmpty();
    }
}
