package dev.autotransfer.bank;

import java.util.Objects;

/**
 * What a bank declares about itself: how long it keeps idempotency keys and how many requests per
 * second it accepts.
 *
 * <p>The engine stops re-sending a key well before {@link #keyRetention()} ends and never offers more
 * than {@link #requestsPerSecond()} requests per second to the bank across the whole fleet.
 *
 * <p>Immutable and thread-safe.
 *
 * @param keyRetention how long keys are remembered
 * @param requestsPerSecond the bank's quota, positive
 */
public record BankTerms(KeyRetention keyRetention, int requestsPerSecond) {

    /** Validates the terms. */
    public BankTerms {
        Objects.requireNonNull(keyRetention, "keyRetention");
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("requestsPerSecond must be positive (requests per second), was "
                    + requestsPerSecond);
        }
    }
}
