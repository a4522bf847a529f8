package dev.autotransfer.memory;

import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.memory.MemoryTables.WorkItemRow;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link TransferStore} in memory, with the schedules it runs ({@link #schedules()}):
 * for tests, demos and a single embedded node whose history may be lost with the process.
 *
 * <p>It keeps the JDBC store's contract and rules, not merely the interface's: work items are
 * claimed once while leased (claim order: the later of not-before and lease expiry, then id; one
 * lease token per claim, instants kept to the microsecond); openings are fenced by the lease token
 * and the schedule's status and version; history is insert-only with increasing sequence numbers
 * and the schema's unique rules (one STARTED, SKIPPED or CANCELLED per attempt, one final outcome per
 * attempt, one SUCCEEDED per occurrence, UNKNOWN repeats); engine decisions need the lease while the
 * bank's answers do not; a DEAD_LETTERED is refused once the occurrence succeeded; dead letters are
 * unique by bank key and kind; the column limits of the schema are checked (a value too long fails
 * its write as the database would). Where the interface leaves a choice open, it does what the JDBC
 * store does, including the fall-back to one item at a time after a failed list.
 *
 * <p>{@link #loseNextCommits} makes it behave as the JDBC store does when the connection drops during
 * a commit (the write took effect or not, and the store cannot tell): it then writes again or
 * re-claims exactly as the JDBC store would, so the engine's handling of it can be tested without a
 * database.
 *
 * <p>Thread-safe: one lock guards everything, so every method is one atomic step (and {@code decide}
 * of {@link #claimAndOpen} runs under it, as it runs inside the JDBC store's transaction). Calls
 * block only on that lock. Not meant for many nodes or large volumes: nothing is persisted.
 */
public final class InMemoryTransferStore implements TransferStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryTransferStore.class);
    private static final Comparator<WorkItemRow> CLAIM_ORDER = Comparator.comparing(WorkItemRow::claimableAt)
            .thenComparingLong(WorkItemRow::id);

    private final MemoryTransactions tx = new MemoryTransactions();
    private final InMemorySchedules schedules;

    private InMemoryTransferStore(Builder builder) {
        this.schedules = new InMemorySchedules(tx, builder.clock, builder.calendars);
    }

    /** An empty store with the system UTC clock and the shipped calendars. */
    public static InMemoryTransferStore create() {
        return builder().build();
    }

    /** A builder for an empty store. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The schedules of this store: {@link InMemorySchedules#create} creates a schedule and the work item
     * of its first occurrence atomically, as the JDBC schedule store does, so the engine finds it due.
     */
    public InMemorySchedules schedules() {
        return schedules;
    }

    /**
     * Makes the next {@code count} commits of this store's transactions (claims and writes) end as if
     * the connection dropped while committing: with {@code takeEffect} after the changes were applied,
     * without it before. The store then answers as the JDBC store does (writes again, re-claims, or
     * throws {@link InMemoryStoreException}). For tests of what happens when a commit's outcome is
     * unknown; 0 disarms.
     *
     * @throws IllegalArgumentException if count is negative
     */
    public void loseNextCommits(int count, boolean takeEffect) {
        tx.loseNextCommits(count, takeEffect);
    }

    /** The occurrence's history as stored, in sequence order (empty when it has none). */
    public OccurrenceHistory history(Occurrence occurrence) {
        Objects.requireNonNull(occurrence, "occurrence");
        return tx.read(t -> t.history(occurrence));
    }

    /** Whether the occurrence has a work item (it still needs the engine). */
    public boolean hasWorkItem(Occurrence occurrence) {
        Objects.requireNonNull(occurrence, "occurrence");
        return tx.read(t -> t.itemByOccurrence.containsKey(occurrence));
    }

    /** The dead-letter entries written so far, in the order they were written. */
    public List<DeadLetterEntry> deadLetters() {
        return tx.read(t -> List.copyOf(t.deadLetters.values()));
    }

    @Override
    public List<ClaimedWorkItem> claim(String bankCode, Priority priority, int limit, String nodeId, Instant now,
            Duration lease) {
        validateClaim(bankCode, priority, limit, nodeId, now, lease);
        try {
            return tx.write(t -> claim(t, bankCode, priority, limit, nodeId, now, lease));
        } catch (MemoryTransactions.LostCommit e) {
            throw new InMemoryStoreException("claiming work items of bank " + bankCode + " " + priority
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static List<ClaimedWorkItem> claim(MemoryTables t, String bankCode, Priority priority, int limit,
            String nodeId, Instant now, Duration lease) {
        Instant at = Times.micros(now);
        UUID token = UUID.randomUUID();
        Instant until = Times.micros(now.plus(lease));
        List<WorkItemRow> due = t.items.values().stream()
                .filter(row -> row.bankCode().equals(bankCode) && row.priority() == priority
                        && !row.claimableAt().isAfter(at))
                .sorted(CLAIM_ORDER)
                .limit(limit)
                .toList();
        List<ClaimedWorkItem> claimed = new ArrayList<>(due.size());
        for (WorkItemRow row : due) {
            t.items.put(row.id(), row.leased(token, until, nodeId));
            claimed.add(new ClaimedWorkItem(row.id(), row.occurrence(), row.bankCode(), row.priority(), row.kind(),
                    token, until));
        }
        return claimed;
    }

    @Override
    public List<ClaimedOccurrence> load(List<ClaimedWorkItem> items) {
        Objects.requireNonNull(items, "items");
        return tx.read(t -> load(t, items));
    }

    private static List<ClaimedOccurrence> load(MemoryTables t, List<ClaimedWorkItem> items) {
        List<ClaimedOccurrence> loaded = new ArrayList<>(items.size());
        for (ClaimedWorkItem item : items) {
            Schedule schedule = t.schedules.get(item.occurrence().scheduleId());
            if (schedule == null) {
                throw new InMemoryStoreException("work item " + item.id() + " names schedule "
                        + item.occurrence().scheduleId() + ", which does not exist");
            }
            loaded.add(new ClaimedOccurrence(item, schedule, t.history(item.occurrence())));
        }
        return loaded;
    }

    /**
     * Claims, reads and opens in one atomic step. If its commit is lost after taking effect, the items
     * leased under its token are released and the chunk claimed once more (as the JDBC store does), so
     * what the lost commit opened is found in history, never opened twice.
     */
    @Override
    public ClaimedChunk claimAndOpen(String bankCode, Priority priority, int limit, String nodeId, Instant now,
            Duration lease, Function<List<ClaimedOccurrence>, List<Opening>> decide) {
        Objects.requireNonNull(decide, "decide");
        validateClaim(bankCode, priority, limit, nodeId, now, lease);
        for (int tries = 1; ; tries++) {
            UUID[] token = new UUID[1];
            try {
                return tx.write(t -> {
                    List<ClaimedWorkItem> items = claim(t, bankCode, priority, limit, nodeId, now, lease);
                    if (items.isEmpty()) {
                        return ClaimedChunk.EMPTY;
                    }
                    token[0] = items.get(0).leaseToken();
                    List<ClaimedOccurrence> loaded = load(t, items);
                    List<Opening> openings = decide.apply(loaded);
                    return new ClaimedChunk(loaded, openings, MemoryWrites.open(t, openings, now));
                });
            } catch (MemoryTransactions.LostCommit e) {
                LOG.warn("claiming and opening a chunk of bank {} {}: the commit may have taken effect, releasing "
                        + "its lease and reading again", bankCode, priority);
                if (token[0] == null || tries > 1 || !releaseClaim(token[0])) {
                    return ClaimedChunk.EMPTY;
                }
            }
        }
    }

    private boolean releaseClaim(UUID token) {
        try {
            tx.write(t -> {
                t.items.replaceAll((id, row) -> row.heldBy(token) ? row.unleased() : row);
                return null;
            });
            return true;
        } catch (MemoryTransactions.LostCommit e) {
            LOG.warn("releasing a claim whose commit was lost failed; its items come back after their lease");
            return false;
        }
    }

    @Override
    public List<OpenResult> open(List<Opening> openings, String nodeId, Instant now) {
        Objects.requireNonNull(openings, "openings");
        Objects.requireNonNull(now, "now");
        openings.forEach(o -> Objects.requireNonNull(o, "opening"));
        return tx.chunked(openings, (t, list) -> MemoryWrites.open(t, list, now), o -> OpenResult.FAILED,
                "opening", MemoryWrites::checkOpening);
    }

    @Override
    public List<RecordResult> record(List<Recording> recordings, String nodeId, Instant now) {
        Objects.requireNonNull(recordings, "recordings");
        Objects.requireNonNull(now, "now");
        recordings.forEach(r -> Objects.requireNonNull(r, "recording"));
        return tx.chunked(recordings, (t, list) -> MemoryWrites.record(t, list, now),
                r -> new RecordResult(List.of(), false, true), "recording", MemoryWrites::checkRecording);
    }

    @Override
    public long countDue(Instant now) {
        Objects.requireNonNull(now, "now");
        return countDueByBank(now).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Map<String, Long> countDueByBank(Instant now) {
        Objects.requireNonNull(now, "now");
        Instant at = Times.micros(now);
        return tx.read(t -> {
            Map<String, Long> due = new TreeMap<>();
            t.items.values().stream()
                    .filter(row -> !row.claimableAt().isAfter(at) && !"PAUSED".equals(row.pendingReason()))
                    .forEach(row -> due.merge(row.bankCode(), 1L, Long::sum));
            return due;
        });
    }

    /** Wakes work items parked for a stopped run, for {@link InMemoryRunStore#resume}. */
    void wakeStopped(Instant now) {
        Instant at = Times.micros(now);
        tx.writeOutsideFaults(t -> t.items.replaceAll((id, row) -> "RUN_STOPPED".equals(row.pendingReason())
                && !row.leaseUntil().isAfter(at) && row.notBefore().isAfter(at) ? row.wokenAt(at) : row));
    }

    private static void validateClaim(String bankCode, Priority priority, int limit, String nodeId, Instant now,
            Duration lease) {
        Objects.requireNonNull(bankCode, "bankCode");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lease, "lease");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
    }

    /** Events the engine decides rather than learns from the bank: fenced by the lease. */
    static boolean isDecision(EventType type) {
        return type == EventType.DEAD_LETTERED || type == EventType.SKIPPED || type == EventType.CANCELLED;
    }

    /**
     * Builds an {@link InMemoryTransferStore}. Defaults: {@link Clock#systemUTC()} (stamps a schedule's
     * creation) and {@link HolidayCalendarRegistry#withDefaults()}. Not thread-safe.
     */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private HolidayCalendarRegistry calendars = HolidayCalendarRegistry.withDefaults();

        private Builder() {
        }

        /** Sets the clock that stamps a schedule's creation time. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Sets the calendars a schedule's {@code calendarId} is looked up in. */
        public Builder calendars(HolidayCalendarRegistry value) {
            this.calendars = Objects.requireNonNull(value, "calendars");
            return this;
        }

        /** Builds the store. */
        public InMemoryTransferStore build() {
            return new InMemoryTransferStore(this);
        }
    }
}
