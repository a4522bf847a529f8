package dev.autotransfer.examples.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of one {@link HttpBankClient}: where the bank is, which bank code it speaks for, and
 * the socket timeouts that must end a call before the engine's own time limit does.
 *
 * <p>The engine's time limit (3 seconds by default) only stops waiting; these timeouts stop the
 * socket. Keep {@code requestTimeout} below the engine's limit: the defaults are a 1-second connect
 * timeout and a 2-second request timeout. Built with {@link #custom()}; every setter validates at once
 * and names the field and the bad value.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpBankClientConfig {

    /** The longest timeout accepted for either setting. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    private static final Pattern BANK_CODE = Pattern.compile("[A-Z0-9_-]{2,16}");

    private final URI baseUri;
    private final String bankCode;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    private HttpBankClientConfig(Builder builder) {
        this.baseUri = builder.baseUri;
        this.bankCode = builder.bankCode;
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
    }

    /** A builder with the default timeouts and no base URI or bank code yet. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code config}'s values. */
    public static Builder from(HttpBankClientConfig config) {
        Objects.requireNonNull(config, "config");
        return new Builder().baseUri(config.baseUri).bankCode(config.bankCode)
                .connectTimeout(config.connectTimeout).requestTimeout(config.requestTimeout);
    }

    /** The bank's base URI, for example {@code http://127.0.0.1:8080}; paths are appended to it. */
    public URI baseUri() {
        return baseUri;
    }

    /** The bank code the client speaks for, the {@code {code}} of every path. */
    public String bankCode() {
        return bankCode;
    }

    /** How long establishing a connection may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long one request may wait for its answer, after the connection is established. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    @Override
    public String toString() {
        return "HttpBankClientConfig[baseUri=" + baseUri + ", bankCode=" + bankCode + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Collects and validates the settings of an {@link HttpBankClientConfig}; not thread-safe. */
    public static final class Builder {
        private URI baseUri;
        private String bankCode;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(2);

        private Builder() {
        }

        /** The bank's base URI: absolute, {@code http} or {@code https}, with a host and no query or fragment. */
        public Builder baseUri(URI uri) {
            Objects.requireNonNull(uri, "baseUri");
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUri must be an absolute http or https URI with a host and"
                        + " no query or fragment, was " + uri);
            }
            String text = uri.toString();
            this.baseUri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        /** The bank code: 2 to 16 upper-case letters, digits, '-' or '_', as in {@code AccountRef}. */
        public Builder bankCode(String code) {
            Objects.requireNonNull(code, "bankCode");
            if (!BANK_CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("bankCode must be 2 to 16 upper-case letters, digits, '-' or '_',"
                        + " was '" + code + "'");
            }
            this.bankCode = code;
            return this;
        }

        /** The connect timeout: positive, at most {@link #MAX_TIMEOUT}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requireTimeout("connectTimeout", timeout);
            return this;
        }

        /** The request timeout: positive, at most {@link #MAX_TIMEOUT}; keep it below the engine's time limit. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requireTimeout("requestTimeout", timeout);
            return this;
        }

        /**
         * The config.
         *
         * @throws IllegalStateException if the base URI or the bank code was not set
         */
        public HttpBankClientConfig build() {
            if (baseUri == null) {
                throw new IllegalStateException("baseUri must be set");
            }
            if (bankCode == null) {
                throw new IllegalStateException("bankCode must be set");
            }
            return new HttpBankClientConfig(this);
        }

        private static Duration requireTimeout(String field, Duration timeout) {
            Objects.requireNonNull(timeout, field);
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(field + " must be positive and at most " + MAX_TIMEOUT.toSeconds()
                        + " s, was " + timeout);
            }
            return timeout;
        }
    }
}
