package dev.autotransfer.jdbc.internal;

import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.jdbc.AutoTransferJdbcException;
import dev.autotransfer.jdbc.Dialect;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.spi.ClaimedWorkItem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Claims due work items of one bank and priority: {@code SELECT ... FOR UPDATE SKIP LOCKED} on the
 * claim index, then one {@code UPDATE ... WHERE id IN (...)} setting the lease, in one short READ
 * COMMITTED transaction (MariaDB's default REPEATABLE READ serializes claimers). Not API.
 *
 * <p>All items of one claim share one fresh lease token. Thread-safe (stateless apart from the
 * Jdbi, which is thread-safe).
 */
public final class WorkItemClaims {

    private final Jdbi jdbi;
    private final Dialect dialect;

    public WorkItemClaims(Jdbi jdbi, Dialect dialect) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
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
     */
    public List<ClaimedWorkItem> claim(Handle handle, String bankCode, Priority priority, int limit, String nodeId,
            Instant now, Duration lease) {
        validate(bankCode, priority, limit, nodeId, now, lease);
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        Instant leaseUntil = now.plus(lease).truncatedTo(ChronoUnit.MICROS);
        UUID token = UUID.randomUUID();
        List<ClaimedWorkItem> items = handle.createQuery(SqlStatements.get(dialect, "work_item/claim_select.sql"))
                .bind("bank", bankCode)
                .bind("priority", ScheduleColumns.priorityCode(priority))
                .bind("now", at)
                .bind("limit", limit)
                .map((rs, ctx) -> new ClaimedWorkItem(rs.getLong("id"),
                        new Occurrence(rs.getLong("schedule_id"), rs.getObject("nominal_date", LocalDate.class)),
                        rs.getString("bank_code"), ScheduleColumns.priority(rs.getInt("priority")),
                        rs.getString("kind"), token, leaseUntil))
                .list();
        if (items.isEmpty()) {
            return items;
        }
        int updated = handle.createUpdate(SqlStatements.get(dialect, "work_item/claim_lease.sql"))
                .bind("leaseUntil", leaseUntil)
                .bind("leaseToken", token.toString())
                .bind("leaseOwner", nodeId)
                .bind("now", at)
                .bindList("ids", items.stream().map(ClaimedWorkItem::id).toList())
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
