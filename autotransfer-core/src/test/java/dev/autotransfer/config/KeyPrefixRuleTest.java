package dev.autotransfer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.domain.Priority;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The key prefix: not set (the installation's id applies) is told apart from set, and an explicitly
 * empty prefix is refused where an installation id exists.
 */
class KeyPrefixRuleTest {

    @Test
    void an_unset_prefix_is_empty_and_takes_the_installations() {
        EngineConfig config = EngineConfig.builder().chunkSize(7).build();
        assertThat(config.keyPrefixSet()).isFalse();
        assertThat(config.keyPrefix()).isEmpty();

        EngineConfig installed = config.withDefaultKeyPrefix("k3f9a2b1c4-");

        assertThat(installed.keyPrefix()).isEqualTo("k3f9a2b1c4-");
        assertThat(installed.keyPrefixSet()).isTrue();
        assertThat(installed.chunkSize()).isEqualTo(7);
        assertThat(installed.retryLimit(Priority.P1, "ACCOUNT_CLOSED")).isEqualTo(1);
        assertThat(installed.bankTimeLimit()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.keyPrefix()).as("the original is unchanged").isEmpty();
    }

    @Test
    void an_explicit_prefix_wins_over_the_installations() {
        EngineConfig config = EngineConfig.builder().keyPrefix("prod-eu").build();
        assertThat(config.keyPrefixSet()).isTrue();

        assertThat(config.withDefaultKeyPrefix("k3f9a2b1c4-")).isSameAs(config);
        assertThat(config.withDefaultKeyPrefix("k3f9a2b1c4-").keyPrefix()).isEqualTo("prod-eu");
    }

    @Test
    void an_explicitly_empty_prefix_is_refused_where_an_installation_id_exists() {
        EngineConfig config = EngineConfig.builder().keyPrefix("").build();
        assertThat(config.keyPrefixSet()).isTrue();
        assertThat(config.keyPrefix()).isEmpty();

        assertThatThrownBy(() -> config.withDefaultKeyPrefix("k3f9a2b1c4-"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keyPrefix was set to '' (empty)")
                .hasMessageContaining("k3f9a2b1c4-");
    }

    @Test
    void a_bad_installation_prefix_is_refused_naming_it() {
        for (String bad : new String[] {"", "has:colon", "seventeen-chars-x"}) {
            assertThatThrownBy(() -> EngineConfig.defaults().withDefaultKeyPrefix(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("installationPrefix must be 1..16 characters of [A-Za-z0-9_-], was '" + bad + "'");
        }
    }
}
