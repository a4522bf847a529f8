package dev.autotransfer.ledger;

/**
 * Why money moved.
 *
 * <p>Immutable and thread-safe.
 */
public enum MovementKind {
    /** Money arrived from outside into a customer account (credited from the clearing account). */
    DEPOSIT,
    /** Money left a customer account to the outside (debited to the clearing account). */
    WITHDRAWAL,
    /** Money moved between two internal accounts; no bank was called. */
    MOVE,
    /** A held payment to another bank was posted after the bank executed it. */
    PAYMENT,
    /** Money pulled from a customer's linked account at another bank into the main account. */
    TOP_UP
}
