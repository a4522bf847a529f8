package dev.autotransfer.ledger;

import dev.autotransfer.bank.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An amount held on a customer account for a payment in flight (TigerBeetle's pending transfer):
 * placed when the payment's attempt starts, then posted once or voided once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the hold's id
 * @param reference the caller's unique reference (for a payment, its attempt's idempotency key)
 * @param accountId the held account
 * @param amount positive
 * @param status where the hold is
 * @param movementId the PAYMENT movement once POSTED
 * @param createdAt when it was placed
 * @param settledAt when it was posted or voided
 */
public record Hold(long id, String reference, long accountId, Money amount, HoldStatus status,
        OptionalLong movementId, Instant createdAt, Optional<Instant> settledAt) {

    /** Checks that nothing is null. */
    public Hold {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(movementId, "movementId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(settledAt, "settledAt");
    }
}
