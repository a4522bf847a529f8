package dev.autotransfer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.domain.Priority;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine's settings: defaults, validation that names the field, backoffs and retry limits. */
class EngineConfigTest {

    @Test
    void defaults_follow_the_design_brief() {
        EngineConfig config = EngineConfig.defaults();
        assertThat(config.bankTimeLimit()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.retryLimit(Priority.P0)).isEqualTo(7);
        assertThat(config.retryLimit(Priority.P1)).isEqualTo(5);
        assertThat(config.retryLimit(Priority.P2, "INSUFFICIENT_FUNDS")).isEqualTo(3);
        assertThat(config.retryLimit(Priority.P1, "ACCOUNT_CLOSED")).isEqualTo(1);
        assertThat(config.runMaxDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(config.resendMargin()).isEqualTo(Duration.ofSeconds(13));
    }

    @Test
    void backoffs_double_up_to_their_cap() {
        EngineConfig config = EngineConfig.builder().retryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(5))
                .inquiryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(30)).build();
        assertThat(config.retryBackoff(Priority.P1, 1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.retryBackoff(Priority.P1, 2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.retryBackoff(Priority.P1, 3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(config.retryBackoff(Priority.P1, 4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.retryBackoff(Priority.P1, 60)).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.retryBackoff(Priority.P2, 2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.inquiryBackoff(3)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void salaries_and_bills_are_retried_sooner_and_more_often_than_the_rest() {
        EngineConfig defaults = EngineConfig.defaults();
        assertThat(defaults.retryBackoff(Priority.P0, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.retryBackoff(Priority.P1, 1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.retryBackoff(Priority.P2, 1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.retryBackoff(Priority.P0, 20)).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.retryBackoff(Priority.P2, 20)).isEqualTo(Duration.ofHours(2));

        EngineConfig tuned = EngineConfig.builder()
                .retryBackoff(Priority.P2, Duration.ofMinutes(10), Duration.ofHours(3)).build();
        assertThat(tuned.retryBackoff(Priority.P2, 2)).isEqualTo(Duration.ofMinutes(20));
        assertThat(tuned.retryBackoff(Priority.P0, 2)).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> EngineConfig.builder().retryBackoff(Priority.P0, Duration.ofMinutes(5),
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetryBackoff");
    }

    @Test
    void an_inquiry_about_a_key_in_progress_waits_at_least_half_its_age_up_to_the_cap() {
        EngineConfig config = EngineConfig.builder()
                .inquiryBackoff(Duration.ofSeconds(30), Duration.ofHours(1)).build();
        assertThat(config.inquiryBackoff(1, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.inquiryBackoff(2, Duration.ofSeconds(10))).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.inquiryBackoff(2, Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.inquiryBackoff(2, Duration.ofDays(1))).isEqualTo(Duration.ofHours(1));
        assertThat(config.inquiryBackoff(1, Duration.ofSeconds(-5))).as("a clock that went back")
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_code_limit_applies_only_when_lower_than_the_prioritys() {
        EngineConfig config = EngineConfig.builder().retryLimit(Priority.P0, 8).retryLimit(Priority.P2, 2)
                .retryLimit("LIMIT_EXCEEDED", 3).build();
        assertThat(config.retryLimit(Priority.P0, "LIMIT_EXCEEDED")).isEqualTo(3);
        assertThat(config.retryLimit(Priority.P2, "LIMIT_EXCEEDED")).isEqualTo(2);
        assertThat(config.retryLimit(Priority.P0, null)).isEqualTo(8);
    }

    @Test
    void bad_values_are_refused_naming_the_field_and_value() {
        assertThatThrownBy(() -> EngineConfig.builder().chunkSize(0))
                .hasMessage("chunkSize must be 1..500, was 0");
        assertThatThrownBy(() -> EngineConfig.builder().lease(Duration.ZERO))
                .hasMessage("lease must be a positive duration, was PT0S");
        assertThatThrownBy(() -> EngineConfig.builder().retryLimit(Priority.P1, 0))
                .hasMessage("retryLimit must be 1..100, was 0");
        assertThatThrownBy(() -> EngineConfig.builder().keyPrefix("prod:1"))
                .hasMessage("keyPrefix must be 0..16 characters of [A-Za-z0-9_-], was 'prod:1'");
        assertThatThrownBy(() -> EngineConfig.builder().heartbeat(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessage("nodeLostAfter must be at least PT10S, was PT5S");
        assertThatThrownBy(() -> EngineConfig.builder().chunkSize(50).build())
                .hasMessage("lease must cover a chunk's calls, at least chunkSize 50 x (permitWait PT1S + bankTimeLimit"
                        + " PT3S) + transitAllowance PT5S = PT3M25S, was PT1M");
        assertThat(EngineConfig.builder().chunkSize(50).lease(Duration.ofMinutes(4)).build().chunkSize()).isEqualTo(50);
        assertThatThrownBy(() -> EngineConfig.builder().bankTimeLimit(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("bankTimeLimit");
    }
}
