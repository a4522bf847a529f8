package dev.autotransfer.internal.loop;

import dev.autotransfer.spi.LoadSignal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Backpressure from the database and the user's signals: halve the claiming workers, add one back. */
class WorkerLimitTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void slow_store_calls_halve_the_workers_down_to_one_and_quick_ones_add_one_back_per_evaluation() {
        WorkerLimit limit = new WorkerLimit(8, Duration.ofMillis(500), List.of());

        evaluation(limit, 800 * MS);
        assertThat(limit.active()).isEqualTo(4);
        evaluation(limit, 800 * MS);
        evaluation(limit, 800 * MS);
        evaluation(limit, 800 * MS);
        assertThat(limit.active()).isEqualTo(1);

        evaluation(limit, 20 * MS);
        assertThat(limit.active()).isEqualTo(2);
        for (int i = 0; i < 10; i++) {
            evaluation(limit, 20 * MS);
        }
        assertThat(limit.active()).isEqualTo(8);
    }

    @Test
    void a_failed_write_is_strain_however_quick_the_other_calls() {
        WorkerLimit limit = new WorkerLimit(8, Duration.ofMillis(500), List.of());

        limit.storeStrain();
        evaluation(limit, MS);

        assertThat(limit.active()).isEqualTo(4);
    }

    @Test
    void a_load_signal_at_one_or_more_is_strain_and_one_that_throws_is_not() {
        AtomicReference<Double> load = new AtomicReference<>(1.5);
        LoadSignal failing = () -> {
            throw new IllegalStateException("metrics endpoint down");
        };
        WorkerLimit limit = new WorkerLimit(8, Duration.ofMillis(500), List.of(load::get, failing));

        evaluation(limit, MS);
        assertThat(limit.active()).isEqualTo(4);

        load.set(0.7);
        evaluation(limit, MS);
        assertThat(limit.active()).isEqualTo(5);
    }

    @Test
    void nothing_changes_between_evaluations() {
        WorkerLimit limit = new WorkerLimit(8, Duration.ofMillis(500), List.of());

        for (int chunk = 0; chunk < 7; chunk++) {
            limit.storeCall(900 * MS);
            limit.chunkDone();
        }

        assertThat(limit.active()).isEqualTo(8);
    }

    /** One evaluation's worth of chunks (as many as the workers), each with one store call of the given time. */
    private static void evaluation(WorkerLimit limit, long storeNanos) {
        for (int chunk = 0; chunk < 8; chunk++) {
            limit.storeCall(storeNanos);
            limit.chunkDone();
        }
    }
}
