package dev.autotransfer.ledger;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What sign-up needs: a client reference (sign-up is idempotent by it), the linked account at
 * another bank, the daily limit of pulls from it and the zone whose day the limit counts.
 *
 * <p>Immutable and thread-safe.
 *
 * @param clientReference 1 to 100 characters, unique per customer
 * @param linkedAccount the account at another bank that tops up the main account
 * @param dailyPullLimit zero or more; its currency is the currency of the customer's accounts
 * @param zone the zone of the customer's business day
 */
public record NewCustomer(String clientReference, AccountRef linkedAccount, Money dailyPullLimit, ZoneId zone) {

    /** The seed's limit: 3,000,000 KRW per day. */
    public static final Money DEFAULT_DAILY_PULL_LIMIT = Money.krw(3_000_000);
    /** The seed's zone. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Seoul");

    /** Validates every field, naming it and its value. */
    public NewCustomer {
        Objects.requireNonNull(clientReference, "clientReference");
        Objects.requireNonNull(linkedAccount, "linkedAccount");
        Objects.requireNonNull(dailyPullLimit, "dailyPullLimit");
        Objects.requireNonNull(zone, "zone");
        if (clientReference.isEmpty() || clientReference.length() > 100) {
            throw new IllegalArgumentException("clientReference must be 1..100 characters, was "
                    + clientReference.length());
        }
        if (dailyPullLimit.isNegative()) {
            throw new IllegalArgumentException("dailyPullLimit must not be negative, was " + dailyPullLimit);
        }
    }

    /** A customer in KRW with the seed's default limit and zone. */
    public static NewCustomer of(String clientReference, AccountRef linkedAccount) {
        return new NewCustomer(clientReference, linkedAccount, DEFAULT_DAILY_PULL_LIMIT, DEFAULT_ZONE);
    }
}
