package dev.autotransfer.bank;

import java.util.Objects;

/**
 * What a bank declares about itself: how long it keeps idempotency keys, how many requests per
 * second it accepts and how many calls it accepts at once.
 *
 * <p>The engine stops re-sending a key well before {@link #keyRetention()} ends, and across the
 * whole fleet of engines over one database never offers more than {@link #requestsPerSecond()}
 * requests in any one-second window nor more than {@link #maxConcurrentCalls()} calls at once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param keyRetention how long keys are remembered
 * @param requestsPerSecond the bank's quota of requests (transfers and inquiries), positive
 * @param maxConcurrentCalls the bank's quota of calls in flight, positive; {@link Integer#MAX_VALUE}
 *     when the bank declares none
 */
public record BankTerms(KeyRetention keyRetention, int requestsPerSecond, int maxConcurrentCalls) {

    /** Validates the terms. */
    public BankTerms {
        Objects.requireNonNull(keyRetention, "keyRetention");
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("requestsPerSecond must be positive (requests per second), was "
                    + requestsPerSecond);
        }
        if (maxConcurrentCalls <= 0) {
            throw new IllegalArgumentException("maxConcurrentCalls must be positive (calls in flight), was "
                    + maxConcurrentCalls);
        }
    }

    /** Terms of a bank that declares no limit of calls in flight. */
    public BankTerms(KeyRetention keyRetention, int requestsPerSecond) {
        this(keyRetention, requestsPerSecond, Integer.MAX_VALUE);
    }
}
