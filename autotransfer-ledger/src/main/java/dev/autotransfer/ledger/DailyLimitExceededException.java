package dev.autotransfer.ledger;

import dev.autotransfer.AutoTransferException;
import dev.autotransfer.bank.Money;
import java.time.LocalDate;

/**
 * A pull from a linked account would take the customer's pulls of the day past the daily limit;
 * nothing was recorded and nothing was sent to the linked bank. Pulls whose outcome is still unknown
 * count as used.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class DailyLimitExceededException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    private final long customerId;
    private final LocalDate businessDate;
    private final Money limit;
    private final Money used;
    private final Money requested;

    /** Customer {@code customerId} had used {@code used} of {@code limit} on {@code businessDate}. */
    public DailyLimitExceededException(long customerId, LocalDate businessDate, Money limit, Money used,
            Money requested) {
        super("customer " + customerId + " may pull " + limit + " per day; on " + businessDate + " " + used
                + " is pulled or pending, so " + requested + " more is over the limit");
        this.customerId = customerId;
        this.businessDate = businessDate;
        this.limit = limit;
        this.used = used;
        this.requested = requested;
    }

    /** The customer. */
    public long customerId() {
        return customerId;
    }

    /** The business date, in the customer's zone. */
    public LocalDate businessDate() {
        return businessDate;
    }

    /** The customer's daily limit. */
    public Money limit() {
        return limit;
    }

    /** What was pulled or pending that day when the pull was refused. */
    public Money used() {
        return used;
    }

    /** The amount asked for. */
    public Money requested() {
        return requested;
    }
}
