package dev.autotransfer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.domain.Priority;
import dev.autotransfer.config.EngineConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One policy decides tries and waits; waits are spread by jitter drawn from the engine's random source. */
class RetryPolicyTest {

    private static final EngineConfig CONFIG = EngineConfig.builder()
            .retryLimit(Priority.P1, 5)
            .retryLimit("INSUFFICIENT_FUNDS", 2)
            .retryBackoff(Priority.P1, Duration.ofMinutes(1), Duration.ofHours(1))
            .inquiryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(10))
            .build();

    @Test
    void the_lower_of_the_priority_and_the_code_limit_ends_the_tries() {
        RetryPolicy policy = new RetryPolicy(CONFIG, new SplittableRandom(1));

        assertThat(policy.exhausted(Priority.P1, 4, "SYSTEM_ERROR")).isFalse();
        assertThat(policy.exhausted(Priority.P1, 5, "SYSTEM_ERROR")).isTrue();
        assertThat(policy.exhausted(Priority.P1, 1, "INSUFFICIENT_FUNDS")).isFalse();
        assertThat(policy.exhausted(Priority.P1, 2, "INSUFFICIENT_FUNDS")).isTrue();
        assertThat(policy.exhausted(Priority.P1, 4, null)).isFalse();
    }

    @Test
    void every_wait_is_spread_below_its_configured_value_and_no_further_than_the_jitter() {
        RetryPolicy policy = new RetryPolicy(CONFIG, new SplittableRandom(7));
        Duration configured = CONFIG.retryBackoff(Priority.P1, 3);
        double jitter = CONFIG.backoffJitter();
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration wait = policy.afterFailure(Priority.P1, 3);
            assertThat(wait).isLessThanOrEqualTo(configured)
                    .isGreaterThan(Duration.ofNanos((long) (configured.toNanos() * (1 - jitter))));
            seen.add(wait);
        }
        // items that failed together come back spread out, not in lockstep
        assertThat(seen).hasSizeGreaterThan(150);
    }

    @Test
    void the_same_seed_draws_the_same_waits() {
        assertThat(draws(new RetryPolicy(CONFIG, new SplittableRandom(42))))
                .isEqualTo(draws(new RetryPolicy(CONFIG, new SplittableRandom(42))))
                .isNotEqualTo(draws(new RetryPolicy(CONFIG, new SplittableRandom(43))));
    }

    @Test
    void without_jitter_every_wait_is_the_configured_one() {
        EngineConfig exact = EngineConfig.builder().backoffJitter(0)
                .inquiryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(10)).build();
        RetryPolicy policy = new RetryPolicy(exact, new SplittableRandom(1));

        assertThat(policy.afterUnknown(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.afterUnknown(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.afterInProgress(1, Duration.ofMinutes(8))).isEqualTo(Duration.ofMinutes(4));
        assertThat(policy.afterNotSent(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.afterUnprocessedRejection()).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.afterDecisionError(Priority.P2)).isEqualTo(exact.retryBackoff(Priority.P2, 1));
    }

    @Test
    void a_jitter_outside_zero_to_a_half_is_refused_with_its_value() {
        assertThatThrownBy(() -> EngineConfig.builder().backoffJitter(0.6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backoffJitter").hasMessageContaining("0.6");
        assertThatThrownBy(() -> EngineConfig.builder().backoffJitter(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    private static List<Duration> draws(RetryPolicy policy) {
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            waits.add(policy.afterUnknown(1 + i % 4));
            waits.add(policy.afterFailure(Priority.P1, 1 + i % 3));
        }
        return waits;
    }
}
