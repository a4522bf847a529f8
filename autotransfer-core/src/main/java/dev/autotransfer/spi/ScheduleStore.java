package dev.autotransfer.spi;

import dev.autotransfer.ScheduleConflictException;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import java.util.Optional;

/**
 * Persists schedules: creates them idempotently by client reference and reads them back.
 *
 * <p><b>Contract.</b> {@link #register} is idempotent by {@link ScheduleSpec#clientReference()}:
 * a new reference creates an {@link dev.autotransfer.domain.ScheduleStatus#ACTIVE ACTIVE}
 * schedule, version 0, whose next due date is the recurrence's first nominal date, together with
 * the work item of that first occurrence, atomically; a reference already stored with the same
 * content ({@link ScheduleSpec#sameContentAs}) returns the stored schedule unchanged; a reference
 * stored with other content is refused with {@link ScheduleConflictException} and changes nothing.
 * This holds when several callers, on one node or several, register the same reference at the
 * same moment: exactly one schedule is created and every caller gets it. A schedule read back
 * equals, field for field, the one that was stored (amounts, zones and instants included, instants
 * to the microsecond).
 *
 * <p>Methods block on the store and may take as long as one short transaction. Bad input throws
 * {@link IllegalArgumentException} or {@link NullPointerException} naming the field before the
 * store is touched; a store failure throws a subclass of {@link dev.autotransfer.AutoTransferException}
 * whose message never holds a full account number. A failed {@code register} may still have
 * stored the schedule (a connection lost during the commit): registering the same spec again is
 * always safe and answers which it was.
 *
 * <p><b>Thread-safety.</b> Implementations must be safe for concurrent use by any number of
 * threads.
 */
public interface ScheduleStore {

    /**
     * Creates the schedule the spec describes, or returns the one already stored under its client
     * reference when that one has the same content.
     *
     * @param spec what the caller submitted
     * @return the stored schedule: new, or the existing one unchanged
     * @throws ScheduleConflictException if the reference is stored with other content
     * @throws IllegalArgumentException if the spec names a calendar the store does not know
     * @throws dev.autotransfer.calendar.CalendarCoverageException if the calendar does not cover the
     *     first occurrence's dates
     */
    Schedule register(ScheduleSpec spec);

    /**
     * The schedule with this id, if stored.
     *
     * @param id at least 1
     */
    Optional<Schedule> find(long id);

    /**
     * The schedule registered under this client reference, if stored.
     *
     * @param clientReference 1..100 characters
     */
    Optional<Schedule> findByClientReference(String clientReference);
}
