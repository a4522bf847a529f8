package dev.autotransfer.ledger;

import dev.autotransfer.bank.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * One movement of money: {@code amount} debited from one account and credited to another, recorded
 * once under its reference as two entries that sum to zero. Insert-only.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the movement's id
 * @param reference the caller's unique reference; the same reference never moves money twice
 * @param kind why the money moved
 * @param debitAccountId the account the amount left
 * @param creditAccountId the account the amount reached
 * @param amount positive
 * @param createdAt when it was recorded
 */
public record Movement(long id, String reference, MovementKind kind, long debitAccountId, long creditAccountId,
        Money amount, Instant createdAt) {

    /** Checks that nothing is null. */
    public Movement {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
