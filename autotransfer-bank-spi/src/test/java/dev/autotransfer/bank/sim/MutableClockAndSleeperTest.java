package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockAndSleeperTest {

    final MutableClock clock = MutableClock.at("2026-11-25T00:00:00Z");

    @Test
    void the_clock_moves_only_forward_and_zoned_copies_share_its_time() {
        var seoul = clock.withZone(ZoneId.of("Asia/Seoul"));

        clock.advance(Duration.ofMinutes(5));

        assertThat(seoul.instant()).isEqualTo(Instant.parse("2026-11-25T00:05:00Z"));
        assertThat(seoul.getZone()).isEqualTo(ZoneId.of("Asia/Seoul"));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).hasMessage("duration must not be negative, was PT-1S");
        assertThatThrownBy(() -> clock.setInstant(Instant.parse("2026-11-25T00:00:00Z"))).hasMessageContaining("backwards");
    }

    @Test
    void an_advancing_sleeper_moves_the_clock_and_no_sleeper_does_nothing() {
        Sleeper.advancing(clock).sleep(Duration.ofMillis(300));
        Sleeper.none().sleep(Duration.ofHours(1));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-25T00:00:00.300Z"));
    }

    @Test
    void the_real_sleeper_returns_at_once_for_zero() {
        Sleeper.real().sleep(Duration.ZERO);
    }
}
