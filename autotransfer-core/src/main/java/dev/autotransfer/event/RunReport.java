package dev.autotransfer.event;

/**
 * What one call of {@link AutoTransferEngine#runOnce()} did on this node, counted by step.
 *
 * <p>Immutable and thread-safe.
 *
 * @param runId the run this node worked in
 * @param claimed work items claimed
 * @param started new attempts opened (STARTED committed, then sent)
 * @param resent open attempts re-sent with their recorded request
 * @param inquired inquiries about unknown outcomes
 * @param succeeded SUCCEEDED recorded
 * @param failed definitive FAILED recorded
 * @param unknown UNKNOWN recorded
 * @param notSent calls not sent (no event, no retry counted)
 * @param deadLettered occurrences dead-lettered (retry limit used up)
 * @param escalated open attempts handed to a person (unknown up to the key retention)
 * @param skipped occurrences recorded SKIPPED
 * @param cancelled occurrences recorded CANCELLED
 * @param fenced decisions dropped because the lease or the schedule changed
 */
public record RunReport(long runId, long claimed, long started, long resent, long inquired, long succeeded,
        long failed, long unknown, long notSent, long deadLettered, long escalated, long skipped, long cancelled,
        long fenced) {
}
