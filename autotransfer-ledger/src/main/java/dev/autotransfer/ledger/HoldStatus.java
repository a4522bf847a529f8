package dev.autotransfer.ledger;

/**
 * The life of a hold: placed PENDING, then POSTED or VOIDED exactly once.
 *
 * <p>Immutable and thread-safe.
 */
public enum HoldStatus {
    /** The amount is held: it counts against the available balance and is not yet posted. */
    PENDING,
    /** The payment executed: the amount was posted as a {@link MovementKind#PAYMENT} movement. */
    POSTED,
    /** The payment definitively failed: the amount is available again. */
    VOIDED
}
