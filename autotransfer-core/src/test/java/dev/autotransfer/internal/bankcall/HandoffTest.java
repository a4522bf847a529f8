package dev.autotransfer.internal.bankcall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exactly one of the caller and the pool's thread decides whether a request leaves. */
class HandoffTest {

    @Test
    void a_request_that_leaves_is_counted_in_the_window_and_the_caller_learns_when() {
        ExactRateWindow window = new ExactRateWindow(1, TimeUnit.SECONDS.toNanos(10));
        Handoff handoff = new Handoff();
        long before = System.nanoTime();

        assertThat(handoff.leave(window, 0)).isTrue();

        assertThat(handoff.awaitLeft(0)).isTrue();
        assertThat(handoff.leftAt() - before).isNotNegative();
        assertThat(window.tryEnter(System.nanoTime())).as("the window counted it").isPositive();
    }

    @Test
    void a_request_the_caller_gave_up_on_never_leaves() {
        ExactRateWindow window = new ExactRateWindow(5, TimeUnit.SECONDS.toNanos(1));
        Handoff handoff = new Handoff();

        assertThat(handoff.awaitLeft(TimeUnit.MILLISECONDS.toNanos(1))).isFalse();

        assertThat(handoff.leave(window, 0)).isFalse();
        assertThat(handoff.awaitLeft(0)).isFalse();
    }

    @Test
    void a_full_window_holds_the_request_and_the_caller_hears_so_without_waiting_its_whole_wait() throws Exception {
        ExactRateWindow window = new ExactRateWindow(1, TimeUnit.SECONDS.toNanos(10));
        window.tryEnter(System.nanoTime());
        Handoff handoff = new Handoff();

        CompletableFuture<Boolean> left = CompletableFuture.supplyAsync(
                () -> handoff.leave(window, TimeUnit.MILLISECONDS.toNanos(50)));

        assertThat(handoff.awaitLeft(TimeUnit.SECONDS.toNanos(5))).isFalse();
        assertThat(left.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void a_request_waits_in_the_window_until_there_is_room() throws Exception {
        long windowNanos = TimeUnit.MILLISECONDS.toNanos(200);
        ExactRateWindow window = new ExactRateWindow(1, windowNanos);
        long first = System.nanoTime();
        window.tryEnter(first);
        Handoff handoff = new Handoff();

        CompletableFuture<Boolean> left = CompletableFuture.supplyAsync(
                () -> handoff.leave(window, TimeUnit.SECONDS.toNanos(5)));

        assertThat(handoff.awaitLeft(TimeUnit.SECONDS.toNanos(5))).isTrue();
        assertThat(left.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(handoff.leftAt() - first).isGreaterThanOrEqualTo(windowNanos);
    }
}
