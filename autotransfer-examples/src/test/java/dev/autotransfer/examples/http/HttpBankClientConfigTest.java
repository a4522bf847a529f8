package dev.autotransfer.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HttpBankClientConfig validates each setting at once and names the field and the bad value. */
class HttpBankClientConfigTest {

    @Test
    void defaults_keep_the_socket_timeouts_below_the_engines_default_time_limit() {
        HttpBankClientConfig config = HttpBankClientConfig.custom().baseUri(URI.create("http://127.0.0.1:8080/"))
                .bankCode("004").build();

        assertThat(config.baseUri()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.requestTimeout()).isLessThan(Duration.ofSeconds(3));
        assertThat(HttpBankClientConfig.from(config).build()).hasToString(config.toString());
    }

    @Test
    void bad_values_name_the_field_and_the_value() {
        HttpBankClientConfig.Builder builder = HttpBankClientConfig.custom();

        assertThatThrownBy(() -> builder.requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ofMinutes(2))).hasMessageContaining("connectTimeout").hasMessageContaining("PT2M");
        assertThatThrownBy(() -> builder.bankCode("kb")).hasMessageContaining("bankCode").hasMessageContaining("'kb'");
        assertThatThrownBy(() -> builder.baseUri(URI.create("ftp://bank"))).hasMessageContaining("baseUri").hasMessageContaining("ftp://bank");
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("baseUri");
    }
}
