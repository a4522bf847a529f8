package dev.autotransfer.memory;

import dev.autotransfer.domain.Schedule;
import dev.autotransfer.memory.MemoryTables.WorkItemRow;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore.Advance;
import dev.autotransfer.spi.TransferStore.DeadLetterEntry;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.NewWorkItem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The follow-ups of one write, gathered item by item and applied kind by kind in the order the JDBC
 * store applies them (dead letters, deletes, releases, retry counts, advances, new work items,
 * skipped events), so that two items of one schedule in one chunk end as they would in a database.
 * One instance per transaction; not thread-safe.
 */
final class MemoryFollowUps {

    private final MemoryTables tables;
    /** Where each schedule points as this transaction sees it, moved on as advances win. */
    private final Map<Long, Optional<LocalDate>> pointing = new HashMap<>();
    private final List<DeadLetterEntry> deadLetters = new ArrayList<>();
    private final List<ClaimedWorkItem> deletes = new ArrayList<>();
    private final List<Release> releases = new ArrayList<>();
    private final Map<Long, Integer> retryCounts = new HashMap<>();
    private final List<Advance> advances = new ArrayList<>();
    private final List<Long> advanced = new ArrayList<>();
    private final List<NewWorkItem> newItems = new ArrayList<>();
    private final List<NewEvent> skipped = new ArrayList<>();

    MemoryFollowUps(MemoryTables tables) {
        this.tables = tables;
    }

    void add(ClaimedWorkItem item, FollowUp followUp, boolean leaseHeld, boolean eventInserted, Instant now) {
        if (followUp.deadLetter() != null && eventInserted) {
            deadLetters.add(followUp.deadLetter());
        }
        if (!leaseHeld) {
            return;
        }
        long scheduleId = item.occurrence().scheduleId();
        Schedule schedule = tables.schedules.get(scheduleId);
        switch (followUp.action()) {
            case DELETE -> deletes.add(item);
            case RELEASE -> {
                boolean changed = followUp.releaseFence() != null && schedule != null
                        && schedule.version() != followUp.releaseFence();
                // a user changed the schedule since the wait was decided: decide again now
                releases.add(new Release(item, changed ? FollowUp.retryAt(now, "REDECIDE") : followUp));
            }
            case KEEP -> {
            }
        }
        if (schedule == null) {
            return;
        }
        Optional<LocalDate> current = pointing.computeIfAbsent(scheduleId, id -> schedule.nextDue());
        if (followUp.retryCount() != null && current.isPresent()
                && item.occurrence().nominalDate().equals(current.get())) {
            retryCounts.put(scheduleId, followUp.retryCount());
        }
        Advance advance = followUp.advance();
        if (advance != null && current.isPresent() && advance.from().equals(current.get())) {
            pointing.put(scheduleId, Optional.ofNullable(advance.to()));
            advances.add(advance);
            advanced.add(scheduleId);
            newItems.addAll(advance.newItems());
            skipped.addAll(advance.skipped());
        }
    }

    void apply(Instant now) {
        deadLetters.forEach(tables::insertDeadLetter);
        for (ClaimedWorkItem item : deletes) {
            WorkItemRow row = tables.items.get(item.id());
            if (row != null && row.heldBy(item.leaseToken())) {
                tables.deleteItem(item.id());
            }
        }
        for (Release release : releases) {
            WorkItemRow row = tables.items.get(release.item().id());
            if (row != null && row.heldBy(release.item().leaseToken())) {
                tables.items.put(row.id(), row.released(Times.micros(release.followUp().retryAt()),
                        release.followUp().pendingReason()));
            }
        }
        retryCounts.forEach((id, count) -> tables.schedules.computeIfPresent(id, (k, s) -> s.withRetryCount(count)));
        for (int i = 0; i < advances.size(); i++) {
            Advance advance = advances.get(i);
            tables.schedules.computeIfPresent(advanced.get(i), (id, s) -> advance.from().equals(s.nextDueDate())
                    ? new Schedule(s.id(), s.spec(), s.status(), advance.to(), s.version(), 0,
                            advance.executedAt() != null ? Times.micros(advance.executedAt()) : s.lastExecutedAt(),
                            s.createdAt())
                    : s);
        }
        newItems.forEach(item -> tables.insertItem(item, now));
        skipped.forEach(tables::append);
    }

    private record Release(ClaimedWorkItem item, FollowUp followUp) {
    }
}
