package dev.autotransfer.ledger;

import dev.autotransfer.bank.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * The daily limit on pulls from a customer's linked account: on one business date (the calendar day
 * in the customer's zone) the pulls that are {@link PullStatus#PENDING} or {@link PullStatus#COMPLETE}
 * may add up to at most the customer's {@link Customer#dailyPullLimit()}; a {@link PullStatus#FAILED}
 * pull releases its share. A pull whose outcome is unknown counts, since the linked bank may have
 * executed it.
 *
 * <p>The rule only decides; a store reads the day's pulls and records the new one in one transaction
 * that serializes the customer's pulls, so two concurrent pulls are never both judged against the same
 * reading. Immutable and thread-safe.
 *
 * @param customerId the customer the limit belongs to
 * @param limit the most that may be pulled per business date
 */
public record DailyPullLimit(long customerId, Money limit) {

    /** Checks that the limit is set and not negative. */
    public DailyPullLimit {
        Objects.requireNonNull(limit, "limit");
        if (limit.minorUnits() < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
    }

    /** The limit of a customer. */
    public static DailyPullLimit of(Customer customer) {
        return new DailyPullLimit(customer.id(), customer.dailyPullLimit());
    }

    /** The business date a pull made at {@code now} counts against: the calendar day in the customer's zone. */
    public static LocalDate businessDate(Customer customer, Instant now) {
        return LocalDate.ofInstant(now, customer.zone());
    }

    /** Whether pulls of this status use up the limit: all but {@link PullStatus#FAILED}. */
    public static boolean counts(PullStatus status) {
        return status != PullStatus.FAILED;
    }

    /** What the day's pulls use of the limit, from their sums by status (statuses absent count as zero). */
    public Money used(Map<PullStatus, Money> pulledByStatus) {
        Money used = Money.zero(limit.currency());
        for (Map.Entry<PullStatus, Money> pulled : pulledByStatus.entrySet()) {
            if (counts(pulled.getKey())) {
                used = used.plus(pulled.getValue());
            }
        }
        return used;
    }

    /** Whether a pull of {@code amount} fits when {@code used} is already pulled or pending that day. */
    public boolean fits(Money used, Money amount) {
        return used.plus(amount).compareTo(limit) <= 0;
    }

    /**
     * Refuses a pull of {@code amount} on {@code businessDate} that does not fit.
     *
     * @throws DailyLimitExceededException when {@code used} plus {@code amount} passes the limit
     */
    public void requireFits(LocalDate businessDate, Money used, Money amount) {
        if (!fits(used, amount)) {
            throw new DailyLimitExceededException(customerId, businessDate, limit, used, amount);
        }
    }
}
