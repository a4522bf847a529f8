package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedBankConfigTest {

    @Test
    void defaults_are_a_well_behaved_bank() {
        SimulatedBankConfig config = SimulatedBankConfig.ofDefaults();

        assertThat(config.terms().requestsPerSecond()).isEqualTo(1_000);
        assertThat(config.terms().keyRetention().expiresAt(Instant.EPOCH)).isEqualTo(Instant.EPOCH.plus(Duration.ofHours(24)));
        assertThat(config.outages()).isEmpty();
        assertThat(config.maxConcurrentCalls()).isEmpty();
        assertThat(config.latencyChanges()).isEmpty();
        assertThat(config.failureChanges()).isEmpty();
        assertThat(config.timeoutBeforeExecuting + config.timeoutAfterExecuting + config.wrongEcho).isZero();
    }

    @Test
    void every_probability_setter_names_the_knob_and_the_bad_value() {
        SimulatedBankConfigBuilder b = SimulatedBankConfig.custom();

        assertThatThrownBy(() -> b.timeoutBeforeExecutingProbability(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeoutBeforeExecutingProbability must be a probability between 0.0 and 1.0, was 1.5");
        assertThatThrownBy(() -> b.timeoutAfterExecutingProbability(-0.1)).hasMessageStartingWith("timeoutAfterExecutingProbability").hasMessageEndingWith("was -0.1");
        assertThatThrownBy(() -> b.lateArrivalProbability(Double.NaN)).hasMessageStartingWith("lateArrivalProbability").hasMessageEndingWith("was NaN");
        assertThatThrownBy(() -> b.inProgressProbability(2)).hasMessageStartingWith("inProgressProbability");
        assertThatThrownBy(() -> b.duplicateDeliveryProbability(2)).hasMessageStartingWith("duplicateDeliveryProbability");
        assertThatThrownBy(() -> b.insufficientFundsProbability(2)).hasMessageStartingWith("insufficientFundsProbability");
        assertThatThrownBy(() -> b.accountClosedProbability(2)).hasMessageStartingWith("accountClosedProbability");
        assertThatThrownBy(() -> b.invalidAccountProbability(2)).hasMessageStartingWith("invalidAccountProbability");
        assertThatThrownBy(() -> b.wrongEchoProbability(2)).hasMessageStartingWith("wrongEchoProbability");
    }

    @Test
    void durations_quota_and_outages_are_validated_with_their_unit() {
        SimulatedBankConfigBuilder b = SimulatedBankConfig.custom();

        assertThatThrownBy(() -> b.fixedLatency(Duration.ofMillis(-5)))
                .hasMessage("latency min must not be negative (a duration), was PT-0.005S");
        assertThatThrownBy(() -> b.randomLatency(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("latency max must be at least min PT2S (a duration), was PT1S");
        assertThatThrownBy(() -> b.lateArrivalDelay(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .hasMessageStartingWith("lateArrivalDelay min");
        assertThatThrownBy(() -> b.requestsPerSecond(0))
                .hasMessage("requestsPerSecond must be positive (requests per second), was 0");
        assertThatThrownBy(() -> b.outage(Instant.EPOCH, Instant.EPOCH)).hasMessageContaining("must be after from");
        assertThatThrownBy(() -> b.keyRetention(Duration.ofSeconds(-1))).hasMessageContaining("was PT-1S");
    }

    @Test
    void from_copies_a_config_and_the_copy_changes_independently() {
        SimulatedBankConfig original = SimulatedBankConfig.custom().requestsPerSecond(20)
                .outage(Instant.EPOCH, Instant.EPOCH.plusSeconds(1)).build();

        SimulatedBankConfig changed = SimulatedBankConfig.from(original).requestsPerSecond(30)
                .outage(Instant.EPOCH.plusSeconds(5), Instant.EPOCH.plusSeconds(6)).build();

        assertThat(original.terms().requestsPerSecond()).isEqualTo(20);
        assertThat(original.outages()).hasSize(1);
        assertThat(changed.terms().requestsPerSecond()).isEqualTo(30);
        assertThat(changed.outages()).hasSize(2);
        assertThat(changed.toString()).contains("requestsPerSecond=30");
    }

    @Test
    void the_concurrency_limit_and_the_timed_changes_are_validated_naming_the_knob_and_the_value() {
        SimulatedBankConfigBuilder b = SimulatedBankConfig.custom();

        assertThatThrownBy(() -> b.maxConcurrentCalls(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrentCalls must be positive (calls in flight), was 0");
        assertThatThrownBy(() -> b.latencyFactorFrom(Instant.EPOCH, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latencyFactor must be positive and at most 1000.0 (a multiplier), was 0.0");
        assertThatThrownBy(() -> b.latencyFactorFrom(Instant.EPOCH, Double.POSITIVE_INFINITY)).hasMessageEndingWith("was Infinity");
        assertThatThrownBy(() -> b.latencyFactorFrom(Instant.EPOCH, Double.NaN)).hasMessageEndingWith("was NaN");
        assertThatThrownBy(() -> b.latencyFactorFrom(null, 2.0)).isInstanceOf(NullPointerException.class).hasMessage("from");
        assertThatThrownBy(() -> b.systemFailuresFrom(Instant.EPOCH, 1.5, SystemFailure.REFUSED_UNAVAILABLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("systemFailureFraction must be a probability between 0.0 and 1.0, was 1.5");
        assertThatThrownBy(() -> b.systemFailuresFrom(Instant.EPOCH, 0.5, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("failure");
        assertThat(b.build().latencyChanges()).as("refused values leave nothing behind").isEmpty();
    }

    @Test
    void timed_changes_are_ordered_by_instant_and_the_one_in_effect_is_the_latest_started() {
        Instant t1 = Instant.EPOCH.plusSeconds(10);
        Instant t2 = Instant.EPOCH.plusSeconds(20);
        SimulatedBankConfig config = SimulatedBankConfig.custom().maxConcurrentCalls(8)
                .latencyFactorFrom(t2, 1.0).latencyFactorFrom(t1, 3.0)
                .systemFailuresFrom(t2, 0.0, SystemFailure.BANK_ERROR_AFTER_EXECUTING)
                .systemFailuresFrom(t1, 0.2, SystemFailure.BANK_ERROR_AFTER_EXECUTING).build();

        assertThat(config.latencyChanges()).extracting(SimulatedBankConfig.LatencyChange::from).containsExactly(t1, t2);
        assertThat(config.latencyFactorAt(t1.minusMillis(1))).isEqualTo(1.0);
        assertThat(config.latencyFactorAt(t1)).isEqualTo(3.0);
        assertThat(config.latencyFactorAt(t2.plusSeconds(1))).isEqualTo(1.0);
        assertThat(config.failureChangeAt(t1.minusMillis(1))).isNull();
        assertThat(config.failureChangeAt(t1).fraction()).isEqualTo(0.2);
        assertThat(config.failureChangeAt(t2).fraction()).isZero();
        assertThat(config.maxConcurrentCalls()).hasValue(8);
        assertThat(config.toString()).contains("maxConcurrentCalls=8", "factor=3.0", "fraction=0.2");
    }

    @Test
    void from_copies_the_concurrency_limit_and_the_timed_changes_and_can_lift_the_limit() {
        SimulatedBankConfig original = SimulatedBankConfig.custom().maxConcurrentCalls(4)
                .latencyFactorFrom(Instant.EPOCH, 2.0)
                .systemFailuresFrom(Instant.EPOCH, 0.1, SystemFailure.REFUSED_UNAVAILABLE).build();

        SimulatedBankConfig copy = SimulatedBankConfig.from(original).latencyFactorFrom(Instant.EPOCH.plusSeconds(1), 1.0)
                .unlimitedConcurrentCalls().build();

        assertThat(original.maxConcurrentCalls()).hasValue(4);
        assertThat(original.latencyChanges()).hasSize(1);
        assertThat(copy.maxConcurrentCalls()).isEmpty();
        assertThat(copy.latencyChanges()).hasSize(2);
        assertThat(copy.failureChanges()).isEqualTo(original.failureChanges());
    }
}
