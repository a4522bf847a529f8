package dev.autotransfer.client;

import dev.autotransfer.DeadLetterStateException;
import dev.autotransfer.DeadLetterVersionConflictException;
import java.util.List;
import java.util.Optional;

/**
 * Lets people handle the dead-letter queue without running the engine: list and inspect entries,
 * send one back to the engine ({@link #requeue}), record the bank's confirmation that an unresolved
 * key did not execute ({@link #confirmNotExecuted}), or close an entry ({@link #resolve}).
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>A requeue is allowed only when the entry's key ended FAILED in history: an EXHAUSTED entry,
 *       or an UNRESOLVED one after {@link #confirmNotExecuted} (or whose key received a FAILED
 *       meanwhile). It is refused when the occurrence succeeded, when a later attempt exists, when
 *       the occurrence was already requeued, and when the schedule is cancelled.</li>
 *   <li>A requeue writes, in one short transaction: a REQUEUED event under the next attempt number
 *       (the highest STARTED + 1, from history), the occurrence's work item (kind REQUEUED, due now,
 *       the schedule's bank and priority), the entry's new status and version, and an audit entry.
 *       The REQUEUED event is unique per attempt, so of two requeues of one entry exactly one is
 *       written; the other is refused and writes nothing. The engine then opens a new attempt
 *       under a new key built from the schedule as it is now; the schedule's current occurrence does
 *       not move.</li>
 *   <li>{@link #confirmNotExecuted} records the person's word as the key's final FAILED event (code
 *       {@code CONFIRMED_NOT_EXECUTED}, with the bank's reference); it never asks the bank. It is
 *       refused when the key already has a final outcome. Recording a wrong confirmation can lead
 *       to a second debit after a requeue: see docs/dead-letters.md for what to check first.</li>
 *   <li>Every change names the entry's version it was based on; a stored version that differs
 *       refuses it with {@link DeadLetterVersionConflictException} and nothing is written. A change
 *       the rules refuse throws {@link DeadLetterStateException} and writes nothing.</li>
 * </ul>
 *
 * <p>Methods block on the store for one short transaction each. Bad input throws
 * {@link IllegalArgumentException} naming the field and value; store failures throw a subclass of
 * {@link dev.autotransfer.AutoTransferException}.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use by any number of threads.
 */
public interface DeadLetterClient {

    /** The entries the query selects, newest first. */
    List<DeadLetter> list(DeadLetterQuery query);

    /** The entry with this id, if stored. */
    Optional<DeadLetter> find(long deadLetterId);

    /**
     * The entry with its occurrence's story and whether a requeue would be allowed now.
     *
     * @throws IllegalArgumentException if the entry does not exist
     */
    DeadLetterInspection inspect(long deadLetterId);

    /**
     * Sends the entry's occurrence back to the engine for a new attempt under a new key.
     *
     * @return the entry after the change: status REQUEUED, version one higher
     * @throws DeadLetterVersionConflictException if the stored version differs
     * @throws DeadLetterStateException if the rules refuse the requeue (see the class contract)
     * @throws IllegalArgumentException if the entry does not exist
     */
    DeadLetter requeue(long deadLetterId, long expectedVersion, AuditContext audit);

    /**
     * Records the bank's confirmation that the UNRESOLVED entry's key did not execute, as the key's
     * final FAILED event; the entry becomes CONFIRMED_NOT_EXECUTED and may then be requeued.
     *
     * @return the entry after the change: status CONFIRMED_NOT_EXECUTED, version one higher
     * @throws DeadLetterVersionConflictException if the stored version differs
     * @throws DeadLetterStateException if the entry is not an OPEN UNRESOLVED one, or its key already
     *     has a final outcome (SUCCEEDED: the bank executed it, {@link #resolve} the entry; FAILED:
     *     requeue it directly)
     * @throws IllegalArgumentException if the entry does not exist
     */
    DeadLetter confirmNotExecuted(long deadLetterId, long expectedVersion, BankConfirmation confirmation,
            AuditContext audit);

    /**
     * Closes an OPEN or CONFIRMED_NOT_EXECUTED entry without a requeue (the customer was told, or the
     * key succeeded after all); writes no history, only the entry's status and an audit entry.
     *
     * @param note why, 1..300 characters
     * @return the entry after the change: status RESOLVED, version one higher
     * @throws DeadLetterVersionConflictException if the stored version differs
     * @throws DeadLetterStateException if the entry is already REQUEUED or RESOLVED
     * @throws IllegalArgumentException if the entry does not exist or the note is empty or too long
     */
    DeadLetter resolve(long deadLetterId, long expectedVersion, String note, AuditContext audit);
}
