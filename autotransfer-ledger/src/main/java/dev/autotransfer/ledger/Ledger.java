package dev.autotransfer.ledger;

import dev.autotransfer.bank.Money;
import java.util.List;
import java.util.Optional;

/**
 * The ledger of internal accounts: sign-up, savings accounts, movements and holds, each one short
 * database transaction.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li><b>Exactly once by reference.</b> Every movement, hold and sign-up carries the caller's
 *       reference (1 to 120 characters; sign-up's client reference 1 to 100). The same call again,
 *       also raced by another node, answers what the first recorded and moves nothing;
 *       the same reference with other content throws {@link LedgerReferenceConflictException}.</li>
 *   <li><b>Double entry.</b> A movement writes two insert-only entries, {@code -amount} on the
 *       debited account and {@code +amount} on the credited one, and updates the customer accounts'
 *       balances, all in one transaction; the entries of the whole ledger sum to zero.</li>
 *   <li><b>Never negative.</b> A withdrawal, move or hold that would take a customer account's
 *       available balance (posted minus held) below zero throws {@link InsufficientFundsException}
 *       and records nothing. Concurrent calls on one account are serialized by the database row, so
 *       none is lost and none is counted twice.</li>
 *   <li><b>Holds settle once.</b> {@link #postHold} and {@link #voidHold} change a PENDING hold once;
 *       the balance changes follow only the call that moved it, so a stale twin's repeat cannot
 *       release or post money twice.</li>
 *   <li>Amounts are positive and in the account's currency; an account that does not exist, or a
 *       move between one account and itself, is refused with {@link IllegalArgumentException} naming
 *       the field and the value.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface Ledger {

    /**
     * Signs a customer up: the customer row and its main account, in one transaction.
     * Idempotent by {@link NewCustomer#clientReference()}.
     */
    Customer signUp(NewCustomer customer);

    /** The customer with this id. */
    Optional<Customer> customer(long customerId);

    /** Opens a savings account of the customer, in the customer's currency. */
    Account openSavings(long customerId, String name);

    /** The account with this id, as committed now. */
    Optional<Account> account(long accountId);

    /** The customer's accounts, main account first, then in opening order. */
    List<Account> accounts(long customerId);

    /** Credits a customer account with money that arrived from outside (from the clearing account). */
    Movement deposit(String reference, long accountId, Money amount);

    /** Debits a customer account with money that leaves to the outside (to the clearing account). */
    Movement withdraw(String reference, long accountId, Money amount);

    /** Moves money between two internal accounts of one currency; no bank is involved. */
    Movement move(String reference, long fromAccountId, long toAccountId, Money amount);

    /** Holds {@code amount} of a customer account's available balance for a payment in flight. */
    Hold placeHold(String reference, long accountId, Money amount);

    /** Posts a PENDING hold as a {@link MovementKind#PAYMENT} to the clearing account; a POSTED one is answered as is. */
    Hold postHold(String reference);

    /** Voids a PENDING hold, making its amount available again; a VOIDED one is answered as is. */
    Hold voidHold(String reference);

    /** The hold with this reference. */
    Optional<Hold> hold(String reference);

    /** The movement with this reference. */
    Optional<Movement> movement(String reference);

    /** The movements that debited or credited the account, in the order they were written. */
    List<Movement> movements(long accountId);

    /** The account's entries in the order they were written. */
    List<LedgerEntry> entries(long accountId);

    /** The sum of the account's entries: for a customer account equal to its posted balance. */
    Money entrySum(long accountId);
}
