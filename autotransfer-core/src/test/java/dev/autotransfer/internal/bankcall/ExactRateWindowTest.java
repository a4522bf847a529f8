package dev.autotransfer.internal.bankcall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The exact count of a node's requests over a sliding window, with the capacity changing under it. */
class ExactRateWindowTest {

    @Test
    void a_full_window_says_how_long_until_its_oldest_request_leaves_it() {
        ExactRateWindow window = new ExactRateWindow(3, 1000);

        assertThat(window.tryEnter(0)).isZero();
        assertThat(window.tryEnter(1)).isZero();
        assertThat(window.tryEnter(2)).isZero();
        assertThat(window.tryEnter(3)).isEqualTo(997);
        assertThat(window.tryEnter(999)).isEqualTo(1);
        // the window's start is exclusive: a request exactly one window old no longer counts
        assertThat(window.tryEnter(1000)).isZero();
        assertThat(window.tryEnter(1000)).isEqualTo(1);
        assertThat(window.tryEnter(1001)).isZero();
    }

    @Test
    void a_refused_request_is_not_counted() {
        ExactRateWindow window = new ExactRateWindow(1, 1000);

        window.tryEnter(0);
        for (int t = 1; t < 1000; t += 100) {
            assertThat(window.tryEnter(t)).isPositive();
        }
        assertThat(window.tryEnter(1000)).isZero();
    }

    @Test
    void a_smaller_capacity_holds_at_once_over_the_newest_requests_sent() {
        ExactRateWindow window = new ExactRateWindow(3, 1000);
        window.tryEnter(0);
        window.tryEnter(10);
        window.tryEnter(20);

        window.resize(2);

        // the two newest, at 10 and 20, fill it: the next leaves when the one at 10 is a window old
        assertThat(window.capacity()).isEqualTo(2);
        assertThat(window.tryEnter(30)).isEqualTo(980);
        assertThat(window.tryEnter(1010)).isZero();
        assertThat(window.tryEnter(1011)).isEqualTo(9);
    }

    @Test
    void a_larger_capacity_gives_room_at_once_and_keeps_the_order_of_what_was_sent() {
        ExactRateWindow window = new ExactRateWindow(2, 1000);
        window.tryEnter(0);
        window.tryEnter(10);
        assertThat(window.tryEnter(20)).isEqualTo(980);

        window.resize(4);

        assertThat(window.tryEnter(20)).isZero();
        assertThat(window.tryEnter(30)).isZero();
        assertThat(window.tryEnter(40)).isEqualTo(960);
    }

    @Test
    void a_filled_window_lets_nothing_leave_for_one_window_length() {
        ExactRateWindow window = new ExactRateWindow(3, 1000);
        window.tryEnter(0);

        window.fill(5);

        assertThat(window.tryEnter(6)).isEqualTo(999);
        assertThat(window.tryEnter(1004)).isEqualTo(1);
        assertThat(window.tryEnter(1005)).isZero();
    }

    @Test
    void a_capacity_of_zero_lets_nothing_leave() {
        ExactRateWindow window = new ExactRateWindow(2, 1000);
        window.tryEnter(0);

        window.resize(0);

        assertThat(window.tryEnter(5000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void a_negative_capacity_is_refused_with_its_value() {
        assertThatThrownBy(() -> new ExactRateWindow(-1, 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity must be at least 0, was -1");
        assertThatThrownBy(() -> new ExactRateWindow(1, 1000).resize(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was -2");
    }
}
