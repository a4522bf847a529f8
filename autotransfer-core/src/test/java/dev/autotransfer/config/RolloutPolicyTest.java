package dev.autotransfer.config;

import dev.autotransfer.internal.fleet.RunSizeCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.config.RolloutPolicy.Stage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rollout policy's defaults and checks, how answers are classed, and the run-size warning's durations. */
class RolloutPolicyTest {

    @Test
    void the_defaults_are_the_missions_stages_and_five_percent_of_system_failures() {
        RolloutPolicy policy = EngineConfig.defaults().rollout();

        assertThat(policy.stages()).containsExactly(new Stage(10_000, Duration.ofMinutes(10)),
                new Stage(50_000, Duration.ofMinutes(10)));
        assertThat(policy.stopsOnFailureRate()).isTrue();
        assertThat(policy.maxFailureRate()).isEqualTo(0.05);
        assertThat(policy.failureClasses()).containsExactlyInAnyOrder(OutcomeClass.UNKNOWN,
                OutcomeClass.SYSTEM_REJECTION);
        assertThat(policy.evaluationWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.minOutcomes()).isEqualTo(100);
        assertThat(policy.reservationBlock()).isEqualTo(100);
        assertThat(policy.retentionWarningAt()).isEqualTo(0.75);
        RolloutPolicy disabled = RolloutPolicy.disabled();
        assertThat(disabled.stages()).isEmpty();
        assertThat(disabled.stopsOnFailureRate()).isFalse();
    }

    @Test
    void bad_settings_are_refused_naming_the_setting_and_the_value() {
        assertThatThrownBy(() -> RolloutPolicy.custom().maxFailureRate(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFailureRate").hasMessageContaining("was 5.0");
        assertThatThrownBy(() -> RolloutPolicy.custom().stages(new Stage(100, Duration.ofMinutes(1)),
                new Stage(100, Duration.ofMinutes(1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage 2 allows 100 after 100");
        assertThatThrownBy(() -> new Stage(0, Duration.ofMinutes(1))).hasMessageContaining("was 0");
        assertThatThrownBy(() -> new Stage(1, Duration.ZERO)).hasMessageContaining("stage minDuration");
        assertThatThrownBy(() -> RolloutPolicy.custom().evaluationWindow(Duration.ofMinutes(1), 0))
                .hasMessageContaining("minOutcomes must be 1..1000000000, was 0");
        assertThatThrownBy(() -> RolloutPolicy.custom().reservationBlock(0))
                .hasMessageContaining("reservationBlock must be 1..100000, was 0");
        assertThatThrownBy(() -> RolloutPolicy.custom().failureClasses(Set.of()))
                .hasMessageContaining("failureClasses");
        assertThatThrownBy(() -> RolloutPolicy.custom().retentionWarningAt(0))
                .hasMessageContaining("retentionWarningAt").hasMessageContaining("was 0.0");
        assertThatThrownBy(() -> EngineConfig.builder().rollout(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("rollout");
    }

    @Test
    void a_custom_policy_keeps_what_it_was_given() {
        RolloutPolicy policy = RolloutPolicy.custom().stages(new Stage(5, Duration.ofSeconds(30)))
                .maxFailureRate(0.1).failureClasses(List.of(OutcomeClass.BUSINESS_REJECTION))
                .evaluationWindow(Duration.ofSeconds(20), 7).reservationBlock(3).retentionWarningAt(1).build();

        assertThat(EngineConfig.builder().rollout(policy).build().rollout()).isSameAs(policy);
        assertThat(policy.stages()).containsExactly(new Stage(5, Duration.ofSeconds(30)));
        assertThat(policy.maxFailureRate()).isEqualTo(0.1);
        assertThat(policy.failureClasses()).containsExactly(OutcomeClass.BUSINESS_REJECTION);
        assertThat(policy.minOutcomes()).isEqualTo(7);
        assertThat(policy.reservationBlock()).isEqualTo(3);
    }

    @Test
    void answers_are_classed_and_a_not_sent_refusal_is_no_outcome() {
        assertThat(OutcomeClass.of(new TransferOutcome.Unknown(UnknownReason.TIMEOUT, "t")))
                .contains(OutcomeClass.UNKNOWN);
        assertThat(OutcomeClass.of(new TransferOutcome.Unknown(UnknownReason.BANK_ERROR, "503")))
                .contains(OutcomeClass.UNKNOWN);
        assertThat(OutcomeClass.of(rejected(RejectionCode.REFUSED_UNAVAILABLE))).contains(OutcomeClass.SYSTEM_REJECTION);
        assertThat(OutcomeClass.of(rejected(RejectionCode.INSUFFICIENT_FUNDS)))
                .contains(OutcomeClass.BUSINESS_REJECTION);
        assertThat(OutcomeClass.of(rejected(RejectionCode.REQUEST_EXPIRED))).contains(OutcomeClass.UNKNOWN);
        assertThat(OutcomeClass.of(rejected(RejectionCode.RATE_LIMITED))).isEqualTo(Optional.empty());
        assertThat(OutcomeClass.counts(rejected(RejectionCode.RATE_LIMITED))).isFalse();
        assertThat(OutcomeClass.counts(rejected(RejectionCode.INSUFFICIENT_FUNDS))).isTrue();
    }

    @Test
    void the_run_size_warning_reads_durations_as_operators_do() {
        assertThat(RunSizeCheck.readable(Duration.ofSeconds(200_000 / 20))).isEqualTo("2 h 47 min");
        assertThat(RunSizeCheck.readable(Duration.ofHours(2))).isEqualTo("2 h 0 min");
        assertThat(RunSizeCheck.readable(Duration.ofSeconds(61))).isEqualTo("2 min");
        assertThat(RunSizeCheck.readable(Duration.ofSeconds(15))).isEqualTo("15 s");
    }

    private static TransferOutcome rejected(RejectionCode code) {
        return new TransferOutcome.Rejected(code, false, "refused");
    }
}
