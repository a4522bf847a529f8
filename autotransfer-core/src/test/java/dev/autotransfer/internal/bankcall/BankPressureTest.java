package dev.autotransfer.internal.bankcall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Backpressure from a bank's answers: halve on strain, grow by a tenth when well. */
class BankPressureTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void a_bank_ten_times_slower_than_usual_gets_half_the_requests_per_window_down_to_a_twentieth() {
        BankPressure pressure = new BankPressure(10, 3.0, 10);
        window(pressure, 50 * MS, 0);
        assertThat(pressure.fraction()).isEqualTo(1.0);

        window(pressure, 500 * MS, 0);
        assertThat(pressure.fraction()).isEqualTo(0.5);
        window(pressure, 500 * MS, 0);
        assertThat(pressure.fraction()).isEqualTo(0.25);
        for (int i = 0; i < 10; i++) {
            window(pressure, 500 * MS, 0);
        }
        assertThat(pressure.fraction()).isEqualTo(BankPressure.FLOOR);
        assertThat(pressure.lastMeanMillis()).isEqualTo(500.0);
    }

    @Test
    void a_recovered_bank_gets_its_share_back_a_tenth_per_window() {
        BankPressure pressure = new BankPressure(10, 3.0, 10);
        window(pressure, 50 * MS, 0);
        window(pressure, 500 * MS, 0);
        window(pressure, 500 * MS, 0);

        window(pressure, 50 * MS, 0);
        assertThat(pressure.fraction()).isEqualTo(0.35, org.assertj.core.api.Assertions.within(1e-9));
        for (int i = 0; i < 10; i++) {
            window(pressure, 50 * MS, 0);
        }
        assertThat(pressure.fraction()).isEqualTo(1.0);
    }

    @Test
    void system_failures_above_the_limit_are_strain_and_a_fast_banks_jitter_is_not() {
        BankPressure pressure = new BankPressure(10, 3.0, 10);
        window(pressure, MS, 0);
        window(pressure, 5 * MS, 1);
        assertThat(pressure.fraction()).as("5 ms after 1 ms, 10% failures: well").isEqualTo(1.0);

        window(pressure, MS, 2);
        assertThat(pressure.fraction()).as("20% failures").isEqualTo(0.5);
        assertThat(pressure.lastErrorRatePercent()).isEqualTo(20.0);
    }

    @Test
    void settings_out_of_range_are_refused_with_their_value() {
        assertThatThrownBy(() -> new BankPressure(0, 3.0, 10)).hasMessageContaining("window must be at least 1 call, was 0");
        assertThatThrownBy(() -> new BankPressure(10, 1.0, 10)).hasMessageContaining("slowdownFactor must be above 1, was 1.0");
        assertThatThrownBy(() -> new BankPressure(10, 3.0, 0)).hasMessageContaining("errorRatePercent must be 1..100");
    }

    private static void window(BankPressure pressure, long nanos, int failures) {
        for (int i = 0; i < 10; i++) {
            pressure.record(nanos, i < failures);
        }
    }
}
