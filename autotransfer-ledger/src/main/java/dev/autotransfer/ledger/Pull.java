package dev.autotransfer.ledger;

import dev.autotransfer.bank.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A pull of money from a customer's linked account at another bank into the main account (a top-up),
 * counted against the customer's daily limit on its business date.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the pull's id
 * @param reference the caller's reference that makes the pull exactly once
 * @param customerId the customer
 * @param accountId the main account credited
 * @param amount the amount pulled
 * @param businessDate the day, in the customer's zone, whose limit it counts against
 * @param status where it stands
 * @param idempotencyKey the key sent to the linked bank, the same on every send
 * @param bankTransactionId the linked bank's id once it executed, or empty
 * @param code the linked bank's refusal code once FAILED, or the last send's unknown reason while
 *     PENDING, or empty
 * @param sends how many times the request was sent to the linked bank
 * @param movementId the TOP_UP movement once COMPLETE, or empty
 * @param createdAt when the pull was recorded; its request carries this instant on every send
 */
public record Pull(long id, String reference, long customerId, long accountId, Money amount, LocalDate businessDate,
        PullStatus status, String idempotencyKey, Optional<String> bankTransactionId, Optional<String> code, int sends,
        OptionalLong movementId, Instant createdAt) {

    /** Checks that nothing is null. */
    public Pull {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(businessDate, "businessDate");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(bankTransactionId, "bankTransactionId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(movementId, "movementId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
