package dev.autotransfer.ledger;

import dev.autotransfer.bank.Money;
import java.util.Objects;

/**
 * One leg of a movement on one account: negative when the account was debited. Insert-only.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the entry's id, increasing in insertion order per account
 * @param movementId the movement it belongs to
 * @param accountId the account it changes
 * @param amount signed
 */
public record LedgerEntry(long id, long movementId, long accountId, Money amount) {

    /** Checks that the amount is not null. */
    public LedgerEntry {
        Objects.requireNonNull(amount, "amount");
    }
}
