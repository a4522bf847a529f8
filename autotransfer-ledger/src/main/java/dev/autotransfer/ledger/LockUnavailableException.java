package dev.autotransfer.ledger;

import dev.autotransfer.AutoTransferException;

/**
 * An {@link AccountLocks} lock was not acquired in time, or its service could not be reached; the
 * operation that needed it did nothing and may be retried with the same reference.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class LockUnavailableException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    /** The lock of {@code resource} was not acquired, for the reason given. */
    public LockUnavailableException(String resource, String reason, Throwable cause) {
        super("the lock of " + resource + " was not acquired: " + reason, cause);
    }
}
