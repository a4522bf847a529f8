package dev.autotransfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exactly one of the caller and the pool's thread decides whether a request leaves. */
class DepartureTest {

    @Test
    void a_request_that_leaves_is_counted_in_the_window_and_the_caller_learns_when() {
        SendWindow window = new SendWindow(1, TimeUnit.SECONDS.toNanos(10));
        Departure departure = new Departure();
        long before = System.nanoTime();

        assertThat(departure.leave(window, 0)).isTrue();

        assertThat(departure.awaitLeft(0)).isTrue();
        assertThat(departure.leftAt() - before).isNotNegative();
        assertThat(window.tryEnter(System.nanoTime())).as("the window counted it").isPositive();
    }

    @Test
    void a_request_the_caller_gave_up_on_never_leaves() {
        SendWindow window = new SendWindow(5, TimeUnit.SECONDS.toNanos(1));
        Departure departure = new Departure();

        assertThat(departure.awaitLeft(TimeUnit.MILLISECONDS.toNanos(1))).isFalse();

        assertThat(departure.leave(window, 0)).isFalse();
        assertThat(departure.awaitLeft(0)).isFalse();
    }

    @Test
    void a_full_window_holds_the_request_and_the_caller_hears_so_without_waiting_its_whole_wait() throws Exception {
        SendWindow window = new SendWindow(1, TimeUnit.SECONDS.toNanos(10));
        window.tryEnter(System.nanoTime());
        Departure departure = new Departure();

        CompletableFuture<Boolean> left = CompletableFuture.supplyAsync(
                () -> departure.leave(window, TimeUnit.MILLISECONDS.toNanos(50)));

        assertThat(departure.awaitLeft(TimeUnit.SECONDS.toNanos(5))).isFalse();
        assertThat(left.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void a_request_waits_in_the_window_until_there_is_room() throws Exception {
        long windowNanos = TimeUnit.MILLISECONDS.toNanos(200);
        SendWindow window = new SendWindow(1, windowNanos);
        long first = System.nanoTime();
        window.tryEnter(first);
        Departure departure = new Departure();

        CompletableFuture<Boolean> left = CompletableFuture.supplyAsync(
                () -> departure.leave(window, TimeUnit.SECONDS.toNanos(5)));

        assertThat(departure.awaitLeft(TimeUnit.SECONDS.toNanos(5))).isTrue();
        assertThat(left.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(departure.leftAt() - first).isGreaterThanOrEqualTo(windowNanos);
    }
}
