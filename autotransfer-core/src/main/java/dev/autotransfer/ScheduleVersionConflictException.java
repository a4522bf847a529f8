package dev.autotransfer;

/**
 * A user change named a schedule version that is no longer the stored one: someone else changed
 * the schedule since the caller read it.
 *
 * <p>Optimistic locking: edits, pauses, resumes and cancellations name the {@code version} they
 * were based on; when the stored version differs, nothing is written (no audit row either) and
 * this exception names both versions. Read the schedule again, decide again, and retry with the
 * new version. Instances are immutable once thrown and safe to share between threads.
 */
public class ScheduleVersionConflictException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    private final long scheduleId;
    private final long expectedVersion;
    private final long actualVersion;

    /** An exception for schedule {@code scheduleId}, expected at {@code expectedVersion}, stored at {@code actualVersion}. */
    public ScheduleVersionConflictException(long scheduleId, long expectedVersion, long actualVersion) {
        super("schedule " + scheduleId + " is at version " + actualVersion + ", not the expected version "
                + expectedVersion + ": it was changed meanwhile; read it again and retry");
        this.scheduleId = scheduleId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** The schedule's id. */
    public long scheduleId() {
        return scheduleId;
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
