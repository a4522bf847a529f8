package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * One debit the simulated bank really executed: the oracle's entry that invariant tests read.
 *
 * <p>Immutable and thread-safe; {@link #toString()} masks account numbers.
 *
 * @param idempotencyKey the key of the request that executed
 * @param source the debited account
 * @param destination the destination account (credited only if it is in the simulation)
 * @param amount the amount debited
 * @param executedAt the simulation instant of execution
 * @param externalTransactionId the id the bank answered
 */
public record ExecutedDebit(String idempotencyKey, AccountRef source, AccountRef destination, Money amount,
        Instant executedAt, String externalTransactionId) {

    /** Validates that nothing is null. */
    public ExecutedDebit {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(executedAt, "executedAt");
        Objects.requireNonNull(externalTransactionId, "externalTransactionId");
    }

    /**
     * The occurrence this debit belongs to: the key without its attempt number, as
     * {@link SimulatedBank#occurrenceOf(String)} derives it.
     */
    public String occurrenceId() {
        return SimulatedBank.occurrenceOf(idempotencyKey);
    }
}
