package dev.autotransfer;

/**
 * A change to a dead-letter entry named a version that is no longer the stored one: someone else
 * requeued, confirmed or resolved the entry since the caller read it.
 *
 * <p>Optimistic locking, as for schedules: requeue, confirm-not-executed and resolve name the
 * {@code version} they were based on; when the stored version differs, nothing is written (no
 * history event, no work item, no audit entry) and this exception names both versions. Read the
 * entry again ({@link dev.autotransfer.client.DeadLetterClient#inspect}) and decide again.
 * Instances are immutable once thrown and safe to share between threads.
 */
public class DeadLetterVersionConflictException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    private final long deadLetterId;
    private final long expectedVersion;
    private final long actualVersion;

    /** An exception for entry {@code deadLetterId}, expected at {@code expectedVersion}, stored at {@code actualVersion}. */
    public DeadLetterVersionConflictException(long deadLetterId, long expectedVersion, long actualVersion) {
        super("dead letter " + deadLetterId + " is at version " + actualVersion + ", not the expected version "
                + expectedVersion + ": it was changed meanwhile; inspect it again and decide again");
        this.deadLetterId = deadLetterId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** The entry's id. */
    public long deadLetterId() {
        return deadLetterId;
    }

    /** The version the caller based the change on. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version stored when the change was refused. */
    public long actualVersion() {
        return actualVersion;
    }
}
