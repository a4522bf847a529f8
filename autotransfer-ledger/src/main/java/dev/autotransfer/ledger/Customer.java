package dev.autotransfer.ledger;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A customer of the ledger: one main account and the linked account at another bank that tops it
 * up, under a daily limit counted in the customer's time zone.
 *
 * <p>Immutable and thread-safe. {@link #toString()} masks the linked account number.
 *
 * @param id the customer's id
 * @param clientReference the caller's reference that made sign-up idempotent
 * @param zone the zone whose calendar day the daily limit counts
 * @param dailyPullLimit the most that may be pulled from the linked account per day
 * @param linkedAccount the account at another bank that tops up the main account
 * @param mainAccountId the id of the main account
 * @param createdAt when the customer signed up
 */
public record Customer(long id, String clientReference, ZoneId zone, Money dailyPullLimit, AccountRef linkedAccount,
        long mainAccountId, Instant createdAt) {

    /** Checks that nothing is null. */
    public Customer {
        Objects.requireNonNull(clientReference, "clientReference");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(dailyPullLimit, "dailyPullLimit");
        Objects.requireNonNull(linkedAccount, "linkedAccount");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
