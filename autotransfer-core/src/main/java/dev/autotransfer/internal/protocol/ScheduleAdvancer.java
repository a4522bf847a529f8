package dev.autotransfer.internal.protocol;

import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.CatchUpPolicy;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.ExecutionTiming;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.spi.TransferStore.Advance;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.NewWorkItem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans how a schedule moves on from its current occurrence: which following occurrences get work
 * items, which missed ones are recorded SKIPPED under the catch-up policy, and the new current one.
 *
 * <p>The schedule's {@code next_due_date} is the latest occurrence that has been given a work item
 * (its current one). It moves on when the current occurrence leaves the engine's hands (ended, or
 * handed to a person), and also while it is still open once the following occurrence falls due, so
 * occurrences stay independent (DESIGN hard case 6). An occurrence is <em>missed</em> when its
 * execution date is before today and no node was alive when it fell due (hard case 8); only missed
 * ones are subject to the catch-up policy. Liveness is answered from memory (a snapshot of the
 * nodes' lifetimes taken at each pass, plus this node since it joined), because the advance is
 * planned while the claim's transaction is open. Stateless apart from its collaborators; thread-safe.
 */
public final class ScheduleAdvancer {

    /** Whether some node was alive at an instant; answered from memory, never from the database. */
    public interface Liveness {
        boolean anyNodeAliveAt(Instant instant, Duration tolerance);
    }

    private final HolidayCalendarRegistry calendars;
    private final Liveness runs;
    private final Duration aliveTolerance;

    public ScheduleAdvancer(HolidayCalendarRegistry calendars, Liveness runs, Duration aliveTolerance) {
        this.calendars = calendars;
        this.runs = runs;
        this.aliveTolerance = aliveTolerance;
    }

    /**
     * The advance from {@code from} once it left the engine's hands, or null when the schedule no
     * longer points at it or is cancelled.
     */
    public Advance afterEnd(Schedule schedule, LocalDate from, Instant executedAt, Instant now) {
        if (!from.equals(schedule.nextDueDate()) || schedule.status() == ScheduleStatus.CANCELLED) {
            return null;
        }
        return plan(schedule, from, executedAt, now, true);
    }

    /**
     * The advance from {@code from} while it stays open: only when the following occurrence has
     * fallen due; null otherwise.
     */
    public Advance whileOpen(Schedule schedule, LocalDate from, Instant now) {
        if (!from.equals(schedule.nextDueDate()) || schedule.status() == ScheduleStatus.CANCELLED) {
            return null;
        }
        return plan(schedule, from, null, now, false);
    }

    private Advance plan(Schedule schedule, LocalDate from, Instant executedAt, Instant now, boolean ended) {
        Recurrence recurrence = schedule.spec().recurrence();
        ExecutionTiming timing = schedule.spec().executionTiming(calendars);
        LocalDate next = recurrence.nextAfter(from).orElse(null);
        List<LocalDate> due = new ArrayList<>();
        while (next != null && !timing.notBefore(next).isAfter(now)) {
            due.add(next);
            next = recurrence.nextAfter(next).orElse(null);
        }
        if (due.isEmpty() && !ended) {
            return null;
        }
        LocalDate today = timing.dateAt(now);
        List<LocalDate> missed = new ArrayList<>();
        List<LocalDate> late = new ArrayList<>();
        for (LocalDate date : due) {
            boolean wasMissed = timing.executionDate(date).isBefore(today)
                    && !runs.anyNodeAliveAt(timing.notBefore(date), aliveTolerance);
            (wasMissed ? missed : late).add(date);
        }
        List<LocalDate> skip = new ArrayList<>();
        CatchUpPolicy policy = schedule.spec().catchUpPolicy();
        if (policy == CatchUpPolicy.SKIP_MISSED) {
            skip.addAll(missed);
        } else if (policy == CatchUpPolicy.RUN_LATEST_ONLY && !missed.isEmpty()) {
            // one debit for the whole gap: a late (not missed) occurrence if there is one, else the latest missed
            skip.addAll(late.isEmpty() ? missed.subList(0, missed.size() - 1) : missed);
        }
        String bank = schedule.spec().source().bankCode();
        List<NewWorkItem> items = new ArrayList<>();
        List<NewEvent> skipped = new ArrayList<>();
        LocalDate current = null;
        for (LocalDate date : due) {
            Occurrence occurrence = new Occurrence(schedule.id(), date);
            if (skip.contains(date)) {
                skipped.add(NewEvent.of(new AttemptKey(schedule.id(), date, 1), EventType.SKIPPED, now,
                        "MISSED", "fell due while no node was alive; catch-up policy " + policy));
            } else {
                items.add(new NewWorkItem(occurrence, bank, schedule.spec().priority(),
                        missed.contains(date) ? "CATCH_UP" : "CURRENT", timing.notBefore(date)));
                current = date;
            }
        }
        if (current == null || !current.equals(due.get(due.size() - 1))) {
            // the latest due one was skipped, or none is due: the first one not yet due becomes current
            if (next != null) {
                items.add(new NewWorkItem(new Occurrence(schedule.id(), next), bank, schedule.spec().priority(),
                        "CURRENT", timing.notBefore(next)));
            }
            current = next;
        }
        return new Advance(from, current, executedAt, items, skipped);
    }
}
