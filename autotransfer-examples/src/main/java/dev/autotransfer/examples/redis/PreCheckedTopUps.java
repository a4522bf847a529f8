package dev.autotransfer.examples.redis;

import dev.autotransfer.bank.Money;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.DailyLimitExceededException;
import dev.autotransfer.ledger.Pull;
import dev.autotransfer.ledger.PullStatus;
import dev.autotransfer.ledger.jdbc.JdbcLedger;
import dev.autotransfer.ledger.jdbc.JdbcLedgerBank;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Top-ups that ask the {@link RedisPullPreCheck} first and the database always: an obvious
 * over-limit pull is refused without a database transaction, and every pull that passes the
 * pre-check is still reserved against the limit by {@link JdbcLedgerBank#topUp}, which alone decides.
 *
 * <p>Thread-safe.
 */
public final class PreCheckedTopUps {

    private final JdbcLedgerBank bank;
    private final JdbcLedger ledger;
    private final RedisPullPreCheck check;
    private final Clock clock;

    /** Top-ups through {@code bank}; {@code clock} must be the ledger's, so both count the same day. */
    public PreCheckedTopUps(JdbcLedgerBank bank, JdbcLedger ledger, RedisPullPreCheck check, Clock clock) {
        this.bank = Objects.requireNonNull(bank, "bank");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.check = Objects.requireNonNull(check, "check");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Like {@link JdbcLedgerBank#topUp}, refused early when the Redis counter already says the limit is
     * reached.
     *
     * @throws DailyLimitExceededException from the pre-check (its {@code used} is the counter's) or from
     *     the database
     */
    public Pull topUp(String reference, long customerId, Money amount) {
        Customer customer = ledger.customer(customerId).orElseThrow(() ->
                new IllegalArgumentException("customerId " + customerId + " does not exist"));
        LocalDate day = LocalDate.ofInstant(clock.instant(), customer.zone());
        if (!check.tryCount(customerId, day, reference, amount, customer.dailyPullLimit())) {
            throw new DailyLimitExceededException(customerId, day, customer.dailyPullLimit(),
                    new Money(Math.max(0, check.counted(customerId, day)), amount.currency()), amount);
        }
        try {
            Pull pull = bank.topUp(reference, customerId, amount);
            if (pull.status() == PullStatus.FAILED) {
                check.uncount(customerId, day, reference);
            }
            return pull;
        } catch (DailyLimitExceededException | IllegalArgumentException e) {
            check.uncount(customerId, day, reference);
            throw e;
        }
    }
}
