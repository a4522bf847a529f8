package dev.autotransfer.memory;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.spi.TransferStore.DeadLetterEntry;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.NewWorkItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The rows of an in-memory installation: schedules, work items, history and dead letters, with the
 * unique rules of the JDBC schema (V001) enforced on insert. Not thread-safe: the owning store
 * guards it with its lock. Rows are immutable values, so {@link #copy()} (a transaction whose
 * commit may be lost works on a copy) copies maps, never rows.
 */
final class MemoryTables {

    /** The lease_until of a work item nobody holds, as in the JDBC schema. */
    static final Instant NO_LEASE = Instant.EPOCH;

    long nextScheduleId = 1;
    long nextItemId = 1;
    long nextSeq = 1;
    final TreeMap<Long, Schedule> schedules;
    final Map<String, Long> scheduleByReference;
    final TreeMap<Long, WorkItemRow> items;
    final Map<Occurrence, Long> itemByOccurrence;
    final Map<Occurrence, List<HistoryEvent>> history;
    /** The unique slots of history: per attempt (OPENED, FINAL, DEAD_LETTERED, REQUEUED) and per occurrence (SUCCEEDED). */
    final Set<String> slots;
    /** Dead letters by (bank key, kind), the JDBC table's unique key, in insertion order. */
    final Map<String, DeadLetterEntry> deadLetters;

    MemoryTables() {
        this.schedules = new TreeMap<>();
        this.scheduleByReference = new HashMap<>();
        this.items = new TreeMap<>();
        this.itemByOccurrence = new HashMap<>();
        this.history = new HashMap<>();
        this.slots = new HashSet<>();
        this.deadLetters = new LinkedHashMap<>();
    }

    private MemoryTables(MemoryTables other) {
        this.nextScheduleId = other.nextScheduleId;
        this.nextItemId = other.nextItemId;
        this.nextSeq = other.nextSeq;
        this.schedules = new TreeMap<>(other.schedules);
        this.scheduleByReference = new HashMap<>(other.scheduleByReference);
        this.items = new TreeMap<>(other.items);
        this.itemByOccurrence = new HashMap<>(other.itemByOccurrence);
        this.history = new HashMap<>(other.history);
        this.slots = new HashSet<>(other.slots);
        this.deadLetters = new LinkedHashMap<>(other.deadLetters);
    }

    /** An independent copy (history lists are immutable and replaced on append, so they are shared). */
    MemoryTables copy() {
        return new MemoryTables(this);
    }

    /**
     * Inserts the event unless a unique rule refuses it: one OPENED (STARTED, SKIPPED, CANCELLED), one
     * final outcome (SUCCEEDED, FAILED), one DEAD_LETTERED and one REQUEUED per attempt, one SUCCEEDED
     * per occurrence; UNKNOWN repeats.
     *
     * @return whether it was inserted
     */
    boolean append(NewEvent event) {
        Occurrence occurrence = event.key().occurrence();
        String attemptSlot = attemptSlot(event.type());
        String perAttempt = attemptSlot == null ? null : occurrence + "|" + event.key().attempt() + "|" + attemptSlot;
        String perOccurrence = event.type() == EventType.SUCCEEDED ? occurrence + "|SUCCEEDED" : null;
        if (perAttempt != null && slots.contains(perAttempt) || perOccurrence != null && slots.contains(perOccurrence)) {
            return false;
        }
        if (perAttempt != null) {
            slots.add(perAttempt);
        }
        if (perOccurrence != null) {
            slots.add(perOccurrence);
        }
        List<HistoryEvent> events = new ArrayList<>(history.getOrDefault(occurrence, List.of()));
        TransferRequest request = event.request();
        if (request != null) {
            request = new TransferRequest(request.idempotencyKey(), request.source(), request.destination(),
                    request.amount(), request.memo(), Times.micros(request.createdAt()));
        }
        events.add(new HistoryEvent(nextSeq++, event.key(), event.type(), Times.micros(event.occurredAt()), request,
                event.externalTransactionId(), event.code(), event.detail()));
        history.put(occurrence, List.copyOf(events));
        return true;
    }

    /** The occurrence's history in sequence order. */
    OccurrenceHistory history(Occurrence occurrence) {
        return new OccurrenceHistory(occurrence, history.getOrDefault(occurrence, List.of()));
    }

    boolean succeeded(Occurrence occurrence) {
        return slots.contains(occurrence + "|SUCCEEDED");
    }

    /** Inserts a work item unless the occurrence has one (the unique (schedule, nominal date) key). */
    void insertItem(NewWorkItem item, Instant now) {
        if (itemByOccurrence.containsKey(item.occurrence())) {
            return;
        }
        long id = nextItemId++;
        items.put(id, new WorkItemRow(id, item.occurrence(), item.bankCode(), item.priority(), item.kind(),
                Times.micros(item.notBefore()), NO_LEASE, null, null, null, 0, Times.micros(now)));
        itemByOccurrence.put(item.occurrence(), id);
    }

    void deleteItem(long id) {
        WorkItemRow row = items.remove(id);
        if (row != null) {
            itemByOccurrence.remove(row.occurrence());
        }
    }

    /** Inserts the dead letter unless one of its bank key and kind exists. */
    void insertDeadLetter(DeadLetterEntry entry) {
        deadLetters.putIfAbsent(entry.bankKey() + "|" + entry.kind(), entry);
    }

    private static String attemptSlot(EventType type) {
        return switch (type) {
            case SUCCEEDED, FAILED -> "FINAL";
            case STARTED, SKIPPED, CANCELLED -> "OPENED";
            case DEAD_LETTERED, REQUEUED -> type.name();
            case UNKNOWN -> null;
        };
    }

    /**
     * A work item as stored: claimable once both its not-before time and its lease have passed.
     * Immutable; changes make a new row.
     */
    record WorkItemRow(long id, Occurrence occurrence, String bankCode, Priority priority, String kind,
            Instant notBefore, Instant leaseUntil, UUID leaseToken, String leaseOwner, String pendingReason,
            int claimCount, Instant createdAt) {

        Instant claimableAt() {
            return notBefore.isAfter(leaseUntil) ? notBefore : leaseUntil;
        }

        WorkItemRow leased(UUID token, Instant until, String owner) {
            return new WorkItemRow(id, occurrence, bankCode, priority, kind, notBefore, until, token, owner,
                    pendingReason, claimCount + 1, createdAt);
        }

        WorkItemRow released(Instant newNotBefore, String reason) {
            return new WorkItemRow(id, occurrence, bankCode, priority, kind, newNotBefore, NO_LEASE, null, null,
                    reason, claimCount, createdAt);
        }

        WorkItemRow unleased() {
            return new WorkItemRow(id, occurrence, bankCode, priority, kind, notBefore, NO_LEASE, null, null,
                    pendingReason, claimCount, createdAt);
        }

        WorkItemRow wokenAt(Instant now) {
            return new WorkItemRow(id, occurrence, bankCode, priority, kind, now, leaseUntil, leaseToken, leaseOwner,
                    null, claimCount, createdAt);
        }

        boolean heldBy(UUID token) {
            return token.equals(leaseToken);
        }
    }
}
