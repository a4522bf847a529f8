package dev.autotransfer.ledger;

/** Where a pull from a customer's linked account stands. */
public enum PullStatus {
    /**
     * Recorded and reserved against the daily limit before the linked bank was called; its outcome
     * is not known yet. It keeps its idempotency key and its share of the limit until the bank answers.
     */
    PENDING,
    /** The linked bank executed it and the main account was credited, in one transaction. */
    COMPLETE,
    /** The linked bank refused it for good; nothing moved and its share of the limit is released. */
    FAILED
}
