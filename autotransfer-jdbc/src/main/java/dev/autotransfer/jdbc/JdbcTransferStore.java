package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.jdbc.internal.ChunkFollowUps;
import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.HistoryReads;
import dev.autotransfer.jdbc.internal.HistoryWrites;
import dev.autotransfer.jdbc.internal.Installation;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.internal.NewHistoryEvent;
import dev.autotransfer.jdbc.internal.ScheduleRegistration;
import dev.autotransfer.jdbc.internal.ScheduleFence;
import dev.autotransfer.jdbc.internal.ScheduleRowMapper;
import dev.autotransfer.jdbc.internal.SqlStatements;
import dev.autotransfer.jdbc.internal.Transactions;
import dev.autotransfer.jdbc.internal.WorkItemClaims;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link TransferStore} on H2, PostgreSQL or MariaDB through Jdbi.
 *
 * <p>Every method runs short READ COMMITTED transactions and holds none after it returns. A write
 * of a whole list locks the schedules it fences (in id order) and then the work items (in id
 * order), so concurrent chunks never deadlock on them; the lease token and the schedule's status and
 * version are compared under those locks. Events go in through the database's unique rules
 * (PostgreSQL {@code ON CONFLICT DO NOTHING}; MariaDB and H2 catch the duplicate-key error of that
 * one statement). When a list's transaction fails, each item is written again in its own
 * transaction, so a poison row fails alone; because every write is fenced or unique, writing again
 * after a commit whose outcome was lost (a dropped connection) changes nothing twice: the re-read
 * under the locks is the "maybe committed" check.
 *
 * <p>Thread-safe: any number of engine threads and nodes may share one store.
 */
public final class JdbcTransferStore implements TransferStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTransferStore.class);
    private static final int BATCH = 500;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final WorkItemClaims claims;
    private final HistoryReads reads;
    private final HistoryWrites writes;
    private final ScheduleRowMapper schedules;

    private JdbcTransferStore(Builder builder) {
        this.dialect = builder.dialect != null ? builder.dialect : Dialect.detect(builder.dataSource);
        this.jdbi = JdbiFactory.create(builder.dataSource, dialect);
        this.claims = new WorkItemClaims(jdbi, dialect);
        this.reads = new HistoryReads(jdbi, dialect);
        this.writes = new HistoryWrites(dialect);
        this.schedules = new ScheduleRowMapper(dialect);
    }

    /** A store on the data source; detects the dialect. */
    public static JdbcTransferStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for a store on the data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** {@code <installation id>-}, read from {@value Installation#TABLE} on each call. */
    @Override
    public java.util.Optional<String> installationKeyPrefix() {
        return java.util.Optional.of(Installation.id(jdbi, dialect) + "-");
    }

    @Override
    public List<ClaimedWorkItem> claim(String bankCode, Priority priority, int limit, String nodeId, Instant now,
            Duration lease) {
        return claims.claim(bankCode, priority, limit, nodeId, now, lease);
    }

    @Override
    public List<ClaimedOccurrence> load(List<ClaimedWorkItem> items) {
        Objects.requireNonNull(items, "items");
        if (items.isEmpty()) {
            return List.of();
        }
        try {
            return jdbi.withHandle(handle -> load(handle, items, null));
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("reading " + items.size() + " claimed occurrences failed: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
    }

    /**
     * The items' schedules and histories; with {@code lockedFences} the schedules are read
     * {@code FOR UPDATE} in id order and their fences put there.
     */
    private List<ClaimedOccurrence> load(Handle handle, List<ClaimedWorkItem> items,
            Map<Long, ScheduleFence> lockedFences) {
        Map<Long, Schedule> byId = new HashMap<>();
        List<Long> ids = new ArrayList<>(new TreeSet<>(items.stream().map(i -> i.occurrence().scheduleId()).toList()));
        String sql = lockedFences == null ? "schedule/select_by_ids.sql" : "schedule/select_by_ids_for_update.sql";
        for (int from = 0; from < ids.size(); from += BATCH) {
            handle.createQuery(SqlStatements.get(dialect, sql))
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + BATCH)))
                    .map(schedules)
                    .forEach(s -> byId.put(s.id(), s));
        }
        if (lockedFences != null) {
            byId.values().forEach(s -> lockedFences.put(s.id(), new ScheduleFence(s.id(), s.status().name(),
                    s.version(), s.nextDueDate())));
        }
        Map<Occurrence, OccurrenceHistory> histories = reads.histories(handle,
                items.stream().map(ClaimedWorkItem::occurrence).toList());
        List<ClaimedOccurrence> loaded = new ArrayList<>(items.size());
        for (ClaimedWorkItem item : items) {
            Schedule schedule = byId.get(item.occurrence().scheduleId());
            if (schedule == null) {
                throw new AutoTransferJdbcException("work item " + item.id() + " names schedule "
                        + item.occurrence().scheduleId() + ", which does not exist");
            }
            loaded.add(new ClaimedOccurrence(item, schedule, histories.get(item.occurrence())));
        }
        return loaded;
    }

    /**
     * Claims, reads and opens in one READ COMMITTED transaction: the claim's {@code SKIP LOCKED}
     * select and lease, the schedules read {@code FOR UPDATE} (they are the fences' locks too) and
     * the histories, then {@code decide}, then the openings; one commit instead of two and no second
     * round of locks. If that transaction fails it is done again step by step. If its commit may have
     * taken effect, the items leased under its token are released and the chunk claimed once more, so
     * what the lost commit opened is found in history and re-sent, never opened twice.
     */
    @Override
    public ClaimedChunk claimAndOpen(String bankCode, Priority priority, int limit, String nodeId, Instant now,
            Duration lease, Function<List<ClaimedOccurrence>, List<Opening>> decide) {
        Objects.requireNonNull(decide, "decide");
        return claimAndOpen(bankCode, priority, limit, nodeId, now, lease, decide, true);
    }

    private ClaimedChunk claimAndOpen(String bankCode, Priority priority, int limit, String nodeId, Instant now,
            Duration lease, Function<List<ClaimedOccurrence>, List<Opening>> decide, boolean firstTry) {
        AtomicReference<String> token = new AtomicReference<>();
        try {
            return Transactions.readCommitted(jdbi, dialect, handle -> {
                List<ClaimedWorkItem> items = claims.claim(handle, bankCode, priority, limit, nodeId, now, lease);
                if (items.isEmpty()) {
                    return ClaimedChunk.EMPTY;
                }
                token.set(items.get(0).leaseToken().toString());
                Map<Long, ScheduleFence> fences = new HashMap<>();
                List<ClaimedOccurrence> loaded = load(handle, items, fences);
                List<Opening> openings = decide.apply(loaded);
                Map<Long, String> tokens = new HashMap<>();
                items.forEach(item -> tokens.put(item.id(), item.leaseToken().toString()));
                return new ClaimedChunk(loaded, openings,
                        openLocked(handle, openings, fences, tokens, nodeId, now));
            });
        } catch (RuntimeException e) {
            if (!DatabaseErrors.isMaybeCommitted(DatabaseErrors.classify(e))) {
                LOG.warn("claiming and opening a chunk of bank {} {} together failed, one step at a time: {}",
                        bankCode, priority, DatabaseErrors.describe(e));
                return TransferStore.super.claimAndOpen(bankCode, priority, limit, nodeId, now, lease, decide);
            }
            // the commit may have taken effect: whatever it leased goes back under its token, and the
            // chunk is claimed again from a fresh read (an opened attempt is then re-sent, not re-opened)
            LOG.warn("claiming and opening a chunk of bank {} {}: the commit may have taken effect, releasing its "
                    + "lease and reading again: {}", bankCode, priority, DatabaseErrors.describe(e));
            if (token.get() == null || !firstTry || !releaseClaim(token.get(), now)) {
                return ClaimedChunk.EMPTY;
            }
            return claimAndOpen(bankCode, priority, limit, nodeId, now, lease, decide, false);
        }
    }

    /** Releases every item leased under the token; false when that failed too (they return after the lease). */
    private boolean releaseClaim(String token, Instant now) {
        try {
            Transactions.readCommitted(jdbi, dialect, handle -> handle.createUpdate(
                            SqlStatements.get(dialect, "work_item/release_claim.sql"))
                    .bind("leaseToken", token)
                    .bind("noLease", ScheduleRegistration.NO_LEASE)
                    .bind("now", now.truncatedTo(ChronoUnit.MICROS))
                    .execute());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("releasing a claim whose commit was lost failed; its items come back after their lease: {}",
                    DatabaseErrors.describe(e));
            return false;
        }
    }

    @Override
    public List<OpenResult> open(List<Opening> openings, String nodeId, Instant now) {
        Objects.requireNonNull(openings, "openings");
        Objects.requireNonNull(now, "now");
        return chunked(openings, (handle, list) -> openAll(handle, list, nodeId, now),
                opening -> OpenResult.FAILED, "opening");
    }

    @Override
    public List<RecordResult> record(List<Recording> recordings, String nodeId, Instant now) {
        Objects.requireNonNull(recordings, "recordings");
        Objects.requireNonNull(now, "now");
        return chunked(recordings, (handle, list) -> recordAll(handle, list, nodeId, now),
                recording -> new RecordResult(List.of(), false, true), "recording");
    }

    @Override
    public long countDue(Instant now) {
        Objects.requireNonNull(now, "now");
        try {
            return jdbi.withHandle(handle -> handle.createQuery(SqlStatements.get(dialect, "work_item/count_due.sql"))
                    .bind("now", now.truncatedTo(ChronoUnit.MICROS))
                    .mapTo(Long.class)
                    .one());
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("counting due work items failed: " + DatabaseErrors.describe(e),
                    DatabaseErrors.sanitized(e));
        }
    }

    @Override
    public Map<String, Long> countDueByBank(Instant now) {
        Objects.requireNonNull(now, "now");
        try {
            return jdbi.withHandle(handle -> handle.createQuery(SqlStatements.get(dialect,
                            "work_item/count_due_by_bank.sql"))
                    .bind("now", now.truncatedTo(ChronoUnit.MICROS))
                    .reduceRows(new java.util.TreeMap<String, Long>(), (map, row) -> {
                        map.put(row.getColumn("bank_code", String.class), row.getColumn("due", Long.class));
                        return map;
                    }));
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("counting due work items by bank failed: " + DatabaseErrors.describe(e),
                    DatabaseErrors.sanitized(e));
        }
    }

    /**
     * The whole list in one transaction; when that fails, each item alone; an item that fails alone gets
     * {@code failed}. A failure that may have committed (a lost connection) is never answered without
     * writing again: the fences and unique rules make the re-write the re-read of what was written.
     */
    private <T, R> List<R> chunked(List<T> commands, BiFunction<Handle, List<T>, List<R>> write,
            java.util.function.Function<T, R> failed, String what) {
        if (commands.isEmpty()) {
            return List.of();
        }
        try {
            return Transactions.readCommitted(jdbi, dialect, handle -> write.apply(handle, commands));
        } catch (RuntimeException e) {
            boolean maybeCommitted = DatabaseErrors.isMaybeCommitted(DatabaseErrors.classify(e));
            if (commands.size() == 1 && !maybeCommitted) {
                LOG.error("{} one item failed: {}", what, DatabaseErrors.describe(e));
                return List.of(failed.apply(commands.get(0)));
            }
            LOG.warn("{} {} item(s) failed, writing them one at a time{}: {}", what, commands.size(),
                    maybeCommitted ? " (the commit may have taken effect)" : "", DatabaseErrors.describe(e));
        }
        List<R> results = new ArrayList<>(commands.size());
        for (T command : commands) {
            results.add(alone(command, write, failed, what));
        }
        return results;
    }

    /** One item in its own transaction, written once more when its commit may have taken effect. */
    private <T, R> R alone(T command, BiFunction<Handle, List<T>, List<R>> write,
            java.util.function.Function<T, R> failed, String what) {
        for (int tries = 1; ; tries++) {
            try {
                return Transactions.readCommitted(jdbi, dialect,
                        handle -> write.apply(handle, List.of(command)).get(0));
            } catch (RuntimeException e) {
                if (tries < 2 && DatabaseErrors.isMaybeCommitted(DatabaseErrors.classify(e))) {
                    LOG.warn("{} one item: the commit may have taken effect, writing it again: {}", what,
                            DatabaseErrors.describe(e));
                    continue;
                }
                LOG.error("{} one item failed: {}", what, DatabaseErrors.describe(e));
                return failed.apply(command);
            }
        }
    }

    private List<OpenResult> openAll(Handle handle, List<Opening> openings, String nodeId, Instant now) {
        Map<Long, ScheduleFence> fences = lockSchedules(handle, openings.stream()
                .map(o -> o.item().occurrence().scheduleId()).toList());
        Map<Long, String> tokens = lockItems(handle, openings.stream().map(o -> o.item().id()).toList());
        return openLocked(handle, openings, fences, tokens, nodeId, now);
    }

    /** Openings whose schedules and work items this transaction has locked and read. */
    private List<OpenResult> openLocked(Handle handle, List<Opening> openings, Map<Long, ScheduleFence> fences,
            Map<Long, String> tokens, String nodeId, Instant now) {
        boolean batch = openings.size() > 1;
        OpenResult[] results = new OpenResult[openings.size()];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < openings.size(); i++) {
            Opening opening = openings.get(i);
            ClaimedWorkItem item = opening.item();
            ScheduleFence fence = fences.get(item.occurrence().scheduleId());
            boolean leaseHeld = item.leaseToken().toString().equals(tokens.get(item.id()));
            if (!leaseHeld || fence == null || !fence.status().equals(opening.expectedStatus().name())
                    || fence.version() != opening.expectedVersion()) {
                results[i] = OpenResult.FENCED;
            } else {
                candidates.add(i);
            }
        }
        Set<Occurrence> settled = succeeded(handle, candidates.stream().map(openings::get)
                .filter(o -> o.event().type() == EventType.DEAD_LETTERED).map(o -> o.item().occurrence()).toList());
        if (!settled.isEmpty()) {
            for (Iterator<Integer> it = candidates.iterator(); it.hasNext(); ) {
                int i = it.next();
                if (openings.get(i).event().type() == EventType.DEAD_LETTERED
                        && settled.contains(openings.get(i).item().occurrence())) {
                    results[i] = OpenResult.REFUSED;
                    it.remove();
                }
            }
        }
        boolean[] inserted = ChunkFollowUps.append(writes, handle, candidates.stream()
                .map(i -> NewHistoryEvent.of(openings.get(i).event(), nodeId)).toList(), batch);
        ChunkFollowUps followUps = new ChunkFollowUps(dialect, writes, fences, batch);
        for (int c = 0; c < candidates.size(); c++) {
            int i = candidates.get(c);
            if (inserted[c]) {
                results[i] = OpenResult.OPENED;
                followUps.add(openings.get(i).item(), openings.get(i).followUp(), true, true, now);
            } else {
                results[i] = OpenResult.REFUSED;
            }
        }
        followUps.apply(handle, nodeId, now);
        return List.of(results);
    }

    private List<RecordResult> recordAll(Handle handle, List<Recording> recordings, String nodeId, Instant now) {
        boolean batch = recordings.size() > 1;
        Map<Long, ScheduleFence> fences = lockSchedules(handle, recordings.stream()
                .filter(r -> r.followUp().advance() != null || r.followUp().retryCount() != null
                        || r.followUp().releaseFence() != null
                        || r.events().stream().anyMatch(ev -> ev.type() == EventType.DEAD_LETTERED))
                .map(r -> r.item().occurrence().scheduleId()).toList());
        Map<Long, String> tokens = lockItems(handle, recordings.stream().map(r -> r.item().id()).toList());
        // what the bank answered is written whatever the lease (the unique rules guard it); an engine
        // decision (dead-lettering, skipping, cancelling) only under the lease that decided it, so a
        // node whose lease lapsed cannot end an occurrence another node has since settled
        List<NewHistoryEvent> events = new ArrayList<>();
        boolean[] held = new boolean[recordings.size()];
        for (int r = 0; r < recordings.size(); r++) {
            held[r] = recordings.get(r).item().leaseToken().toString()
                    .equals(tokens.get(recordings.get(r).item().id()));
        }
        Set<Occurrence> settled = succeeded(handle, recordings.stream()
                .filter(rec -> rec.events().stream().anyMatch(ev -> ev.type() == EventType.DEAD_LETTERED))
                .map(rec -> rec.item().occurrence()).toList());
        List<boolean[]> written = new ArrayList<>(recordings.size());
        for (int r = 0; r < recordings.size(); r++) {
            Recording recording = recordings.get(r);
            boolean[] write = new boolean[recording.events().size()];
            for (int k = 0; k < write.length; k++) {
                NewEvent event = recording.events().get(k);
                write[k] = (held[r] || !isDecision(event.type()))
                        && !(event.type() == EventType.DEAD_LETTERED && settled.contains(recording.item().occurrence()));
                if (write[k]) {
                    events.add(NewHistoryEvent.of(event, nodeId));
                }
            }
            written.add(write);
        }
        boolean[] inserted = ChunkFollowUps.append(writes, handle, events, batch);
        ChunkFollowUps followUps = new ChunkFollowUps(dialect, writes, fences, batch);
        List<RecordResult> results = new ArrayList<>(recordings.size());
        int e = 0;
        for (int r = 0; r < recordings.size(); r++) {
            Recording recording = recordings.get(r);
            ClaimedWorkItem item = recording.item();
            boolean leaseHeld = held[r];
            List<Boolean> flags = new ArrayList<>(recording.events().size());
            for (boolean write : written.get(r)) {
                flags.add(write && inserted[e++]);
            }
            boolean lastInserted = flags.isEmpty() || flags.get(flags.size() - 1);
            followUps.add(item, recording.followUp(), leaseHeld, lastInserted, now);
            results.add(new RecordResult(flags, leaseHeld, false));
        }
        followUps.apply(handle, nodeId, now);
        return results;
    }

    /**
     * Which of the occurrences already have their SUCCEEDED: a dead-lettering decided before a late
     * SUCCEEDED committed (a node that stalled between the bank's answer and its record) is refused,
     * since the money moved. Read after the schedules' locks, which a SUCCEEDED's writer takes too.
     */
    private Set<Occurrence> succeeded(Handle handle, List<Occurrence> occurrences) {
        if (occurrences.isEmpty()) {
            return Set.of();
        }
        Set<Occurrence> settled = new HashSet<>();
        reads.histories(handle, occurrences).forEach((occurrence, history) -> {
            if (history.succeeded().isPresent()) {
                settled.add(occurrence);
            }
        });
        return settled;
    }

    /** Events the engine decides rather than learns from the bank: fenced by the lease (DESIGN, hard case 1). */
    private static boolean isDecision(EventType type) {
        return type == EventType.DEAD_LETTERED || type == EventType.SKIPPED || type == EventType.CANCELLED;
    }

    private Map<Long, ScheduleFence> lockSchedules(Handle handle, List<Long> scheduleIds) {
        Map<Long, ScheduleFence> fences = new HashMap<>();
        List<Long> ids = new ArrayList<>(new TreeSet<>(scheduleIds));
        for (int from = 0; from < ids.size(); from += BATCH) {
            handle.createQuery(SqlStatements.get(dialect, "schedule/lock_by_ids.sql"))
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + BATCH)))
                    .map((rs, ctx) -> new ScheduleFence(rs.getLong("id"), rs.getString("status"), rs.getLong("version"),
                            rs.getObject("next_due_date", LocalDate.class)))
                    .forEach(f -> fences.put(f.id(), f));
        }
        return fences;
    }

    private Map<Long, String> lockItems(Handle handle, List<Long> itemIds) {
        Map<Long, String> tokens = new HashMap<>();
        List<Long> ids = new ArrayList<>(new TreeSet<>(itemIds));
        for (int from = 0; from < ids.size(); from += BATCH) {
            handle.createQuery(SqlStatements.get(dialect, "work_item/lock_by_ids.sql"))
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + BATCH)))
                    .map((rs, ctx) -> Map.entry(rs.getLong("id"), String.valueOf(rs.getString("lease_token"))))
                    .forEach(e -> tokens.put(e.getKey(), e.getValue().strip()));
        }
        return tokens;
    }

    /**
     * Builds a {@link JdbcTransferStore}. Default: the dialect detected from the data source (one
     * connection opened at {@link #build()}). Not thread-safe.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Dialect dialect;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Sets the dialect instead of detecting it. */
        public Builder dialect(Dialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /** Builds the store. */
        public JdbcTransferStore build() {
            return new JdbcTransferStore(this);
        }
    }

}
