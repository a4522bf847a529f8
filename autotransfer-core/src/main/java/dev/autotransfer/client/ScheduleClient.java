package dev.autotransfer.client;

import dev.autotransfer.ScheduleConflictException;
import dev.autotransfer.ScheduleVersionConflictException;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Manages standing orders without running the engine: create, edit, pause, resume, cancel, and the
 * story of an occurrence. Every change is written to the audit log in the same transaction; this
 * client is the one way to create a schedule.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>{@link #create} is idempotent by {@link ScheduleSpec#clientReference()}: a new reference
 *       creates an {@link dev.autotransfer.domain.ScheduleStatus#ACTIVE ACTIVE} schedule, version 0,
 *       whose next due date is the recurrence's first nominal date, together with the work item of
 *       that first occurrence and the audit entry, atomically; a reference already stored with the
 *       same content ({@link ScheduleSpec#sameContentAs}) answers the stored schedule unchanged and
 *       writes nothing, no audit entry either; a reference stored with other content is refused with
 *       {@link ScheduleConflictException} and changes nothing. This holds when several callers, on
 *       one node or several, create the same reference at the same moment: exactly one schedule is
 *       created and every caller gets it. A failed create may still have stored the schedule (a
 *       connection lost during the commit): creating the same spec again is always safe and answers
 *       which it was. A schedule read back equals, field for field, the one that was stored
 *       (amounts, zones and instants included, instants to the microsecond).</li>
 *   <li>{@link #edit}, {@link #pause}, {@link #resume} and {@link #cancel} name the version they are
 *       based on; a stored version that differs refuses the change with
 *       {@link ScheduleVersionConflictException} and writes nothing. A change that writes raises the
 *       version by one. Pausing a paused schedule or cancelling a cancelled one writes nothing and
 *       answers the schedule as stored. A cancelled schedule cannot be resumed or edited
 *       ({@link IllegalStateException}).</li>
 *   <li>An edit acts on occurrences not yet opened; an attempt already open is resolved with the
 *       request it recorded (money cannot be un-sent). The engine's next decision about the schedule
 *       sees the new values, and a decision it was about to commit based on the old version is
 *       dropped and made again.</li>
 *   <li>Pausing stops new attempts (open ones are still resolved); resuming makes the paused current
 *       occurrence claimable at once; cancelling ends every occurrence without an open attempt as
 *       CANCELLED.</li>
 * </ul>
 *
 * <p>Methods block on the store for one short transaction each. Bad input throws
 * {@link IllegalArgumentException} naming the field and value (account numbers masked) before
 * anything is written; store failures throw a subclass of {@link dev.autotransfer.AutoTransferException}.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use by any number of threads.
 */
public interface ScheduleClient {

    /**
     * Creates the schedule, or answers the one already stored under its client reference.
     *
     * @param spec what the caller submitted
     * @param audit who asks, written with the audit entry
     * @return the stored schedule: new, or the existing one unchanged
     * @throws ScheduleConflictException if the reference is stored with other content
     * @throws IllegalArgumentException if the spec names a calendar the client does not know
     * @throws dev.autotransfer.calendar.CalendarCoverageException if the calendar does not cover the
     *     first occurrence's dates
     */
    Schedule create(ScheduleSpec spec, AuditContext audit);

    /**
     * Applies the edit to the schedule stored at {@code expectedVersion}.
     *
     * @return the schedule after the edit, its version one higher
     * @throws ScheduleVersionConflictException if the stored version differs
     * @throws IllegalArgumentException if the schedule does not exist or a new value is refused (for
     *     example a limit that would end the schedule before its current occurrence)
     * @throws IllegalStateException if the schedule is cancelled
     */
    Schedule edit(long scheduleId, long expectedVersion, ScheduleEdit edit, AuditContext audit);

    /**
     * Pauses the schedule: no new attempt is opened until it is resumed.
     *
     * @throws ScheduleVersionConflictException if the stored version differs
     * @throws IllegalStateException if the schedule is cancelled
     */
    Schedule pause(long scheduleId, long expectedVersion, AuditContext audit);

    /**
     * Resumes a paused schedule; its parked current occurrence becomes claimable at once.
     *
     * @throws ScheduleVersionConflictException if the stored version differs
     * @throws IllegalStateException if the schedule is cancelled
     */
    Schedule resume(long scheduleId, long expectedVersion, AuditContext audit);

    /**
     * Cancels the schedule for good: occurrences without an open attempt end CANCELLED.
     *
     * @throws ScheduleVersionConflictException if the stored version differs
     */
    Schedule cancel(long scheduleId, long expectedVersion, AuditContext audit);

    /** The schedule with this id, if stored. */
    Optional<Schedule> find(long scheduleId);

    /**
     * The schedule created under this client reference, if stored (references are case-sensitive).
     *
     * @param clientReference 1..100 characters
     */
    Optional<Schedule> findByClientReference(String clientReference);

    /**
     * What happened to the schedule's occurrence on the nominal date: its attempts with their
     * events, its pending work item and its dead-letter entries ({@link OccurrenceStory#isEmpty()}
     * when nothing is recorded).
     */
    OccurrenceStory story(long scheduleId, LocalDate nominalDate);
}
