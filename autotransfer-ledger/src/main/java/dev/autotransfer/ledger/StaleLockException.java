package dev.autotransfer.ledger;

import dev.autotransfer.AutoTransferException;

/**
 * The database refused a lease's fencing token because a later holder of the same lock wrote first
 * (the lease expired, or the lock service failed over); nothing was recorded. Retrying with the same
 * reference acquires a new lease.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class StaleLockException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    /** The lease with {@code token} on {@code resource} was older than the database's {@code seen}. */
    public StaleLockException(String resource, long token, long seen) {
        super("the lease of " + resource + " with fencing token " + token + " is stale: the database has seen "
                + seen + " from a later holder; nothing was recorded");
    }
}
