package dev.autotransfer;

/**
 * A change to a dead-letter entry was refused because the entry or its occurrence's history does
 * not allow it: a requeue of an entry whose key's outcome is unknown, a second requeue of the same
 * attempt, a confirmation for a key that already has a final outcome, a requeue for a cancelled
 * schedule.
 *
 * <p>Nothing was written when this is thrown (no history event, no work item, no audit entry); the
 * message names the entry, the key and the rule. Instances are immutable once thrown and safe to
 * share between threads.
 */
public class DeadLetterStateException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    private final long deadLetterId;

    /** An exception for entry {@code deadLetterId} with a message naming the rule that refused the change. */
    public DeadLetterStateException(long deadLetterId, String message) {
        super("dead letter " + deadLetterId + ": " + message);
        this.deadLetterId = deadLetterId;
    }

    /** The entry's id. */
    public long deadLetterId() {
        return deadLetterId;
    }
}
