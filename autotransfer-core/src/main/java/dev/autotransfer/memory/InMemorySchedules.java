package dev.autotransfer.memory;

import dev.autotransfer.ScheduleConflictException;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.spi.TransferStore.NewWorkItem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The schedules of an {@link InMemoryTransferStore}: {@link #create} writes the schedule and the
 * CURRENT work item of its first occurrence (not before the start of its execution date) in one
 * step, as the JDBC schedule client does, idempotently by client reference (the same content returns
 * the stored schedule; other content is refused with {@link ScheduleConflictException}). It keeps no
 * audit log: it is for tests, demos and one embedded node, where the JDBC module's audited
 * {@code ScheduleClient} is not used. Thread-safe through the transfer store's lock.
 */
public final class InMemorySchedules {

    private final MemoryTransactions tx;
    private final Clock clock;
    private final HolidayCalendarRegistry calendars;

    InMemorySchedules(MemoryTransactions tx, Clock clock, HolidayCalendarRegistry calendars) {
        this.tx = tx;
        this.clock = clock;
        this.calendars = calendars;
    }

    /**
     * Creates the schedule the spec describes, or returns the one already stored under its client
     * reference when that one has the same content.
     *
     * @throws ScheduleConflictException if the reference is stored with other content
     */
    public Schedule create(ScheduleSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Optional<Schedule> existing = findByClientReference(spec.clientReference());
        if (existing.isPresent()) {
            return sameOrConflict(existing.get(), spec);
        }
        LocalDate first = spec.recurrence().first();
        // input errors (an unknown calendar, dates it does not cover) surface before any write
        Instant notBefore = spec.executionTiming(calendars).notBefore(first);
        Instant createdAt = Times.micros(clock.instant());
        try {
            return tx.write(t -> {
                Long raced = t.scheduleByReference.get(spec.clientReference());
                if (raced != null) {
                    return sameOrConflict(t.schedules.get(raced), spec);
                }
                Schedule created = Schedule.create(t.nextScheduleId++, spec, createdAt);
                t.schedules.put(created.id(), created);
                t.scheduleByReference.put(spec.clientReference(), created.id());
                t.insertItem(new NewWorkItem(new Occurrence(created.id(), first), spec.source().bankCode(),
                        spec.priority(), "CURRENT", notBefore), createdAt);
                return created;
            });
        } catch (MemoryTransactions.LostCommit e) {
            throw new InMemoryStoreException("registering the schedule of clientReference '"
                    + spec.clientReference() + "' failed: " + e.getMessage(), e);
        }
    }

    /** The schedule with this id, if stored; the id is at least 1. */
    public Optional<Schedule> find(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("id must be at least 1, was " + id);
        }
        return tx.read(t -> Optional.ofNullable(t.schedules.get(id)));
    }

    /** The schedule created under this client reference (1..100 characters), if stored. */
    public Optional<Schedule> findByClientReference(String clientReference) {
        Objects.requireNonNull(clientReference, "clientReference");
        if (clientReference.isEmpty() || clientReference.length() > 100) {
            throw new IllegalArgumentException("clientReference must be 1..100 characters, was "
                    + clientReference.length());
        }
        return tx.read(t -> Optional.ofNullable(t.scheduleByReference.get(clientReference)).map(t.schedules::get));
    }

    private static Schedule sameOrConflict(Schedule stored, ScheduleSpec spec) {
        if (stored.spec().sameContentAs(spec)) {
            return stored;
        }
        throw new ScheduleConflictException(spec.clientReference(), stored.id(), spec.differencesFrom(stored.spec()));
    }
}
