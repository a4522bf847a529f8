package dev.autotransfer.domain;

/**
 * How urgent a schedule's transfers are (mission A13): claimed P0 first, P2 never starved, and
 * each priority has its own retry limits.
 *
 * <p>Immutable and thread-safe.
 */
public enum Priority {
    /** Must not slip: salaries, utility bills. */
    P0,
    /** Ordinary standing orders. */
    P1,
    /** Small amounts that may wait behind the others. */
    P2
}
