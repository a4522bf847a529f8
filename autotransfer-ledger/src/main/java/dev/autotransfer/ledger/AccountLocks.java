package dev.autotransfer.ledger;

import java.time.Duration;

/**
 * A lock service that serializes moves between one customer's accounts across nodes (B6), for
 * example a Redis lock with a time to live. The ledger does not trust it alone: every lease carries a
 * fencing token, and the ledger's transaction refuses a token lower than the last one the database saw
 * for the customer ({@link StaleLockException}), so a holder whose lease expired while it paused cannot
 * write after the next holder; and the balance update is conditional on the account's {@code version},
 * so two holders at once after a failover cannot lose an update.
 *
 * <p>Without a lock service the ledger relies on the database's row locks, which its conditional
 * updates take for the length of their short transaction.
 *
 * <p>Implementations must be thread-safe.
 */
public interface AccountLocks {

    /**
     * Acquires the lock of {@code resource}, waiting at most {@code wait}.
     *
     * @param resource what is locked, for example {@code "customer:42"}
     * @param ttl how long the lock holds if it is never released (a crashed holder)
     * @param wait how long to wait for another holder to release it
     * @return the lease, to be closed when the work is done
     * @throws LockUnavailableException when the lock was not acquired within {@code wait}, or the lock
     *     service cannot be reached; nothing was done
     */
    Lease acquire(String resource, Duration ttl, Duration wait);

    /**
     * One holding of a lock. Closing releases the lock only if this lease still holds it.
     *
     * <p>Implementations must be safe to close from any thread, more than once.
     */
    interface Lease extends AutoCloseable {

        /**
         * A number that is higher for every later acquisition of the same resource, also after the
         * lock service restarted; the storage refuses a token lower than one it has seen.
         */
        long fencingToken();

        /** Releases the lock if this lease still holds it; never throws. */
        @Override
        void close();
    }
}
