package dev.autotransfer.jdbc.internal;

import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.spi.ClaimedWorkItem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Claims due work items of one bank and priority: {@code SELECT ... FOR UPDATE SKIP LOCKED} on the
 * claim index, then one {@code UPDATE ... WHERE id IN (...)} setting the lease, in one short READ
 * COMMITTED transaction (MariaDB's default REPEATABLE READ serializes claimers). Not API.
 *
 * <p>All items of one claim share one fresh lease token. Thread-safe: the only state is each lane's
 * scan floor, in a concurrent map, which only ever makes a claim start further along the index.
 */
public final class WorkItemClaims {

    /** How long a lane's floor is used before a claim scans its range from the start again. */
    static final int FLOOR_SECONDS = 5;
    private static final Instant NO_FLOOR = Instant.EPOCH;
    private static final Comparator<Claimed> CLAIM_ORDER = Comparator.comparing(Claimed::claimableAt)
            .thenComparingLong(c -> c.item().id());

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final UtcInstants instants;
    /** Per "bank/priority": where the lane's next claim starts its scan. */
    private final Map<String, Floor> floors = new ConcurrentHashMap<>();

    public WorkItemClaims(Jdbi jdbi, Dialect dialect) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.instants = UtcInstants.of(dialect);
    }

    /** The lowest claimable_at of a lane's last full chunk, and when it was taken. */
    private record Floor(Instant claimableAt, Instant setAt) {
    }

    /** The lease one claim gives all its items. */
    private record Lease(UUID token, Instant until, Instant at, String owner) {
    }

    private record Claimed(ClaimedWorkItem item, Instant claimableAt) {
    }

    /**
     * Claims up to {@code limit} work items of the bank and priority whose {@code claimable_at}
     * (the later of not-before and the current lease's expiry) is at or before {@code now}, and
     * leases them to {@code nodeId} until {@code now + lease}.
     *
     * @return the claimed items in claim order, possibly empty
     */
    public List<ClaimedWorkItem> claim(String bankCode, Priority priority, int limit, String nodeId, Instant now,
            Duration lease) {
        validate(bankCode, priority, limit, nodeId, now, lease);
        try {
            return Transactions.readCommitted(jdbi, dialect,
                    handle -> claim(handle, bankCode, priority, limit, nodeId, now, lease));
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("claiming work items of bank " + bankCode + " " + priority
                    + " failed: " + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
    }

    /**
     * The same claim inside the caller's open transaction (which should run at READ COMMITTED), so
     * a claim and the STARTED events of its chunk can share one commit; the locks last until the
     * caller ends the transaction.
     *
     * <p>The claim index keeps the entries of finished items (deleted, or leased away) at the front
     * of each bank and priority's range until vacuum removes them, and a scan from the start of the
     * range would walk all of them on every claim of a large batch. So after a full chunk the next
     * claim of the lane starts at the chunk's first {@code claimable_at} (its floor). Whatever lies
     * below the floor (an expired lease of a lost node, a registration due earlier) is only delayed,
     * never missed: a claim that finds less than a full chunk above its floor looks again from the
     * start of the range in the same transaction, and a floor older than {@value #FLOOR_SECONDS}
     * seconds is dropped.
     */
    public List<ClaimedWorkItem> claim(Handle handle, String bankCode, Priority priority, int limit, String nodeId,
            Instant now, Duration lease) {
        validate(bankCode, priority, limit, nodeId, now, lease);
        String lane = bankCode + "/" + priority;
        Floor floor = floors.get(lane);
        if (floor != null && (floor.setAt().isAfter(now) || floor.setAt().plusSeconds(FLOOR_SECONDS).isBefore(now))) {
            floor = null;
        }
        Lease lease0 = new Lease(UUID.randomUUID(), now.plus(lease).truncatedTo(ChronoUnit.MICROS),
                now.truncatedTo(ChronoUnit.MICROS), nodeId);
        List<Claimed> claimed = new ArrayList<>(claimLeased(handle, bankCode, priority, limit,
                floor == null ? NO_FLOOR : floor.claimableAt(), lease0));
        if (floor != null && claimed.size() < limit) {
            // rows this transaction leased no longer match (their claimable_at is the new lease's end)
            claimed.addAll(claimLeased(handle, bankCode, priority, limit - claimed.size(), NO_FLOOR, lease0));
            claimed.sort(CLAIM_ORDER);
        }
        if (claimed.size() == limit) {
            floors.put(lane, new Floor(claimed.stream().map(Claimed::claimableAt).min(Instant::compareTo)
                    .orElseThrow(), now));
        } else {
            floors.remove(lane);
        }
        return claimed.stream().map(Claimed::item).toList();
    }

    /** One select-and-lease from {@code floor}: one statement on PostgreSQL, a select then an update elsewhere. */
    private List<Claimed> claimLeased(Handle handle, String bankCode, Priority priority, int limit, Instant floor,
            Lease lease) {
        String sql = dialect == Dialect.POSTGRESQL ? "work_item/claim.sql" : "work_item/claim_select.sql";
        var query = handle.createQuery(SqlStatements.get(dialect, sql))
                .bind("bank", bankCode)
                .bind("priority", ScheduleColumns.priorityCode(priority))
                .bind("floor", floor)
                .bind("now", lease.at())
                .bind("limit", limit);
        if (dialect == Dialect.POSTGRESQL) {
            query.bind("leaseUntil", lease.until())
                    .bind("leaseToken", lease.token().toString())
                    .bind("leaseOwner", lease.owner());
        }
        List<Claimed> items = new ArrayList<>(query
                .map((rs, ctx) -> new Claimed(new ClaimedWorkItem(rs.getLong("id"),
                        new Occurrence(rs.getLong("schedule_id"), rs.getObject("nominal_date", LocalDate.class)),
                        rs.getString("bank_code"), ScheduleColumns.priority(rs.getInt("priority")),
                        rs.getString("kind"), lease.token(), lease.until()),
                        instants.read(rs, rs.findColumn("claimable_at"))))
                .list());
        if (items.isEmpty() || dialect == Dialect.POSTGRESQL) {
            // an UPDATE ... RETURNING returns its rows in no particular order: claim order is index order
            items.sort(CLAIM_ORDER);
            return items;
        }
        int updated = handle.createUpdate(SqlStatements.get(dialect, "work_item/claim_lease.sql"))
                .bind("leaseUntil", lease.until())
                .bind("leaseToken", lease.token().toString())
                .bind("leaseOwner", lease.owner())
                .bind("now", lease.at())
                .bindList("ids", items.stream().map(c -> c.item().id()).toList())
                .execute();
        if (updated != items.size()) {
            throw new AutoTransferJdbcException("leased " + updated + " of " + items.size() + " claimed work items");
        }
        return items;
    }

    private static void validate(String bankCode, Priority priority, int limit, String nodeId, Instant now,
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
}
