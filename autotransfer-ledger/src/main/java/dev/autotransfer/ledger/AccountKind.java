package dev.autotransfer.ledger;

/**
 * What an account of the ledger is for.
 *
 * <p>Immutable and thread-safe.
 */
public enum AccountKind {
    /** A customer's main account: the source of transfers out and the target of top-ups. */
    MAIN,
    /** A customer's savings account. */
    SAVINGS,
    /**
     * The clearing account of one currency: the counterpart of money arriving from or leaving to
     * other banks. It may go negative and keeps no running balance (see {@link Account}).
     */
    SYSTEM
}
