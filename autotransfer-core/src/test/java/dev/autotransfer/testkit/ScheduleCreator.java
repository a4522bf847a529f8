package dev.autotransfer.testkit;

import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import java.util.Optional;

/**
 * How a store under the contract kit gets its schedules: the store's own way of creating a schedule
 * with the work item of its first occurrence (the JDBC module's audited {@code ScheduleClient}, the
 * in-memory store's {@code InMemorySchedules}). Creating is idempotent by client reference: the same
 * content returns the stored schedule, other content is refused with
 * {@link dev.autotransfer.ScheduleConflictException}. Implementations must be thread-safe.
 */
public interface ScheduleCreator {

    /** Creates the schedule, or returns the one stored under its client reference with the same content. */
    Schedule create(ScheduleSpec spec);

    /** The schedule with this id, if stored. */
    Optional<Schedule> find(long id);

    /** The schedule created under this client reference, if stored. */
    Optional<Schedule> findByClientReference(String clientReference);
}
