package dev.autotransfer.ledger;

import dev.autotransfer.bank.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One account of the ledger, as read at one moment.
 *
 * <p>{@code posted} is the sum of the account's entries and {@code held} the sum of its PENDING
 * holds; {@link #available()} is what a new withdrawal, move or hold may take. A
 * {@link AccountKind#SYSTEM} account keeps no running balance (every deposit of the installation
 * would otherwise update its one row, and the whole fleet would queue on it): its {@code posted}
 * and {@code held} read zero here, and its balance is the sum of its entries
 * ({@link Ledger#entrySum}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the account's id
 * @param customerId the owning customer; empty for a SYSTEM account
 * @param kind what the account is for
 * @param name a display name, never an account number
 * @param posted the posted balance
 * @param held the sum of pending holds
 * @param version incremented by every change of the row
 * @param createdAt when the account was opened
 */
public record Account(long id, OptionalLong customerId, AccountKind kind, String name, Money posted, Money held,
        long version, Instant createdAt) {

    /** Checks that nothing is null and that both balances share one currency. */
    public Account {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(posted, "posted");
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!posted.currency().equals(held.currency())) {
            throw new IllegalArgumentException("posted " + posted + " and held " + held + " differ in currency");
        }
    }

    /** The posted balance minus the pending holds. */
    public Money available() {
        return posted.minus(held);
    }
}
