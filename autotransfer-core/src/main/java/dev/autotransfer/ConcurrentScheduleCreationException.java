package dev.autotransfer;

/**
 * A schedule creation inside the caller's transaction met a schedule of the same client reference
 * that another transaction committed after this transaction's snapshot was taken: retry the whole
 * transaction.
 *
 * <p>Retryable by contract. The caller's transaction is still usable (the failed insert was rolled
 * back to a savepoint) but cannot see the other schedule, so it cannot tell whether the two
 * creations are the same standing order; roll it back and run it again: the retry finds the
 * stored schedule and answers idempotently (the same schedule when the content is the same, a
 * {@link ScheduleConflictException} when it differs). Instances are immutable once thrown and safe
 * to share between threads.
 */
public class ConcurrentScheduleCreationException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    private final String clientReference;

    /** An exception for the client reference, with the database's refusal as cause. */
    public ConcurrentScheduleCreationException(String clientReference, Throwable cause) {
        super("clientReference '" + clientReference + "' was created by a concurrent transaction that this "
                + "transaction's snapshot cannot see: roll back and retry the whole transaction", cause);
        this.clientReference = clientReference;
    }

    /** The client reference both transactions created. */
    public String clientReference() {
        return clientReference;
    }

    /** Always true: repeating the whole transaction resolves this. */
    public boolean isRetryable() {
        return true;
    }
}
