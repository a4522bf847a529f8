package dev.autotransfer.memory;

import dev.autotransfer.AutoTransferException;

/**
 * An in-memory store could not complete a call: in practice only when a lost commit was simulated
 * with {@link InMemoryTransferStore#loseNextCommits}, or when its rows contradict each other.
 *
 * <p>Immutable once thrown and safe to share between threads.
 */
public class InMemoryStoreException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public InMemoryStoreException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public InMemoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
