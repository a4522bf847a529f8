package dev.autotransfer.ledger;

import dev.autotransfer.AutoTransferException;
import dev.autotransfer.bank.Money;

/**
 * A withdrawal, move or hold asked for more than the account's available balance; nothing was
 * recorded. The message names the account and the amounts, never an account number.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class InsufficientFundsException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    private final long accountId;
    private final Money requested;
    private final Money available;

    /** The account {@code accountId} had {@code available} when {@code requested} was asked for. */
    public InsufficientFundsException(long accountId, Money requested, Money available) {
        super("account " + accountId + " has " + available + " available, " + requested + " was requested");
        this.accountId = accountId;
        this.requested = requested;
        this.available = available;
    }

    /** The account that was short. */
    public long accountId() {
        return accountId;
    }

    /** The amount asked for. */
    public Money requested() {
        return requested;
    }

    /** The available balance read after the refusal (it may have changed since). */
    public Money available() {
        return available;
    }
}
