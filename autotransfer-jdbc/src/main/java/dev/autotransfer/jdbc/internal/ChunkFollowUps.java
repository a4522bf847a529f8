package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore.Advance;
import dev.autotransfer.spi.TransferStore.DeadLetterEntry;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.NewWorkItem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The follow-ups of a chunk, applied kind by kind: one statement or batch per kind rather than a
 * round trip per item, for {@code JdbcTransferStore}. Not API; one instance per transaction, not
 * thread-safe. Whether the lease is held and where each schedule points were read under
 * the row locks this transaction holds, so nothing here needs an update count to decide.
 */
public final class ChunkFollowUps {

    private final Dialect dialect;
    private final HistoryWrites writes;
    private final Map<Long, ScheduleFence> fences;
    private final boolean batch;
    private final List<DeadLetterEntry> deadLetters = new ArrayList<>();
    private final Map<String, List<Long>> deletes = new HashMap<>();
    private final List<Object[]> releases = new ArrayList<>();
    private final List<Object[]> retryCounts = new ArrayList<>();
    private final List<Object[]> advances = new ArrayList<>();
    private final List<NewWorkItem> newItems = new ArrayList<>();
    private final List<NewEvent> skipped = new ArrayList<>();

    /**
     * @param fences what the transaction read under the schedules' row locks, updated as advances win
     * @param batch whether the chunk is written as a whole (false: one item, every refusal caught alone)
     */
    public ChunkFollowUps(Dialect dialect, HistoryWrites writes, Map<Long, ScheduleFence> fences, boolean batch) {
        this.dialect = dialect;
        this.writes = writes;
        this.fences = fences;
        this.batch = batch;
    }

    public void add(ClaimedWorkItem item, FollowUp followUp, boolean leaseHeld, boolean eventInserted, Instant now) {
        if (followUp.deadLetter() != null && eventInserted) {
            deadLetters.add(followUp.deadLetter());
        }
        if (!leaseHeld) {
            return;
        }
        switch (followUp.action()) {
            case DELETE -> deletes.computeIfAbsent(item.leaseToken().toString(), t -> new ArrayList<>())
                    .add(item.id());
            case RELEASE -> {
                ScheduleFence current = fences.get(item.occurrence().scheduleId());
                boolean changed = followUp.releaseFence() != null && current != null
                        && current.version() != followUp.releaseFence();
                // a user changed the schedule since the wait was decided: decide again now
                releases.add(new Object[] {item, changed ? FollowUp.retryAt(now, "REDECIDE") : followUp});
            }
            case KEEP -> {
            }
        }
        long scheduleId = item.occurrence().scheduleId();
        ScheduleFence fence = fences.get(scheduleId);
        if (followUp.retryCount() != null && fence != null
                && item.occurrence().nominalDate().equals(fence.nextDueDate())) {
            retryCounts.add(new Object[] {scheduleId, followUp.retryCount()});
        }
        Advance advance = followUp.advance();
        if (advance != null && fence != null && advance.from().equals(fence.nextDueDate())) {
            // the schedule points at this occurrence under this transaction's lock: this advance wins
            fences.put(scheduleId, fence.pointingAt(advance.to()));
            advances.add(new Object[] {scheduleId, advance});
            newItems.addAll(advance.newItems());
            skipped.addAll(advance.skipped());
        }
    }

    /**
     * PostgreSQL: every advance of the chunk in one {@code UPDATE ... FROM (VALUES ...)}, one
     * execution instead of one per row.
     */
    private void advanceMultiRow(Handle handle, Instant at) {
        StringBuilder sql = new StringBuilder("UPDATE at_schedule AS s SET next_due_date = v.to_date, "
                + "retry_count = 0, last_executed_at = COALESCE(v.executed_at, s.last_executed_at), "
                + "updated_at = :now FROM (VALUES ");
        for (int i = 0; i < advances.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(CAST(:id_").append(i).append(" AS BIGINT), CAST(:from_")
                    .append(i).append(" AS DATE), CAST(:to_").append(i).append(" AS DATE), CAST(:ex_").append(i)
                    .append(" AS TIMESTAMPTZ))");
        }
        sql.append(") AS v(id, from_date, to_date, executed_at) WHERE s.id = v.id AND s.next_due_date = v.from_date");
        var update = handle.createUpdate(sql.toString()).bind("now", at);
        for (int i = 0; i < advances.size(); i++) {
            Advance advance = (Advance) advances.get(i)[1];
            update.bind("id_" + i, (long) advances.get(i)[0])
                    .bindByType("from_" + i, advance.from(), LocalDate.class)
                    .bindByType("to_" + i, advance.to(), LocalDate.class)
                    .bindByType("ex_" + i, advance.executedAt() == null ? null
                            : advance.executedAt().truncatedTo(ChronoUnit.MICROS), Instant.class);
        }
        update.execute();
    }

    /** PostgreSQL: the chunk's new work items in one multi-row insert; an occurrence that has one keeps it. */
    private void insertWorkItemsMultiRow(Handle handle, Instant at) {
        StringBuilder sql = new StringBuilder("INSERT INTO at_work_item (schedule_id, nominal_date, bank_code, "
                + "priority, kind, not_before, lease_until, lease_token, lease_owner, pending_reason, claim_count, "
                + "created_at, updated_at) VALUES ");
        for (int i = 0; i < newItems.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:s_").append(i).append(", :d_").append(i).append(", :b_")
                    .append(i).append(", :p_").append(i).append(", :k_").append(i).append(", :n_").append(i)
                    .append(", :noLease, NULL, NULL, NULL, 0, :now, :now)");
        }
        sql.append(" ON CONFLICT (schedule_id, nominal_date) DO NOTHING");
        var insert = handle.createUpdate(sql.toString())
                .bind("noLease", ScheduleRegistration.NO_LEASE)
                .bind("now", at);
        for (int i = 0; i < newItems.size(); i++) {
            NewWorkItem item = newItems.get(i);
            insert.bind("s_" + i, item.occurrence().scheduleId())
                    .bind("d_" + i, item.occurrence().nominalDate())
                    .bind("b_" + i, item.bankCode())
                    .bind("p_" + i, ScheduleColumns.priorityCode(item.priority()))
                    .bind("k_" + i, item.kind())
                    .bind("n_" + i, item.notBefore().truncatedTo(ChronoUnit.MICROS));
        }
        insert.execute();
    }

    public void apply(Handle handle, String nodeId, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        for (DeadLetterEntry entry : deadLetters) {
            insertDeadLetter(handle, entry, at);
        }
        deletes.forEach((token, ids) -> handle.createUpdate(SqlStatements.get(dialect,
                        "work_item/delete_leased_many.sql"))
                .bind("leaseToken", token)
                .bindList("ids", ids)
                .execute());
        if (!releases.isEmpty()) {
            PreparedBatch release = handle.prepareBatch(SqlStatements.get(dialect, "work_item/release_leased.sql"));
            for (Object[] r : releases) {
                ClaimedWorkItem item = (ClaimedWorkItem) r[0];
                FollowUp followUp = (FollowUp) r[1];
                release.bind("id", item.id())
                        .bind("leaseToken", item.leaseToken().toString())
                        .bind("notBefore", followUp.retryAt().truncatedTo(ChronoUnit.MICROS))
                        .bind("noLease", ScheduleRegistration.NO_LEASE)
                        .bind("reason", followUp.pendingReason())
                        .bind("now", at)
                        .add();
            }
            release.execute();
        }
        if (!retryCounts.isEmpty()) {
            PreparedBatch update = handle.prepareBatch(SqlStatements.get(dialect, "schedule/retry_count_by_id.sql"));
            for (Object[] r : retryCounts) {
                update.bind("id", (long) r[0]).bind("retryCount", ((Integer) r[1]).intValue()).bind("now", at).add();
            }
            update.execute();
        }
        if (dialect == Dialect.POSTGRESQL && advances.size() > 1) {
            advanceMultiRow(handle, at);
            advances.clear();
        }
        for (boolean executed : new boolean[] {false, true}) {
            List<Object[]> group = advances.stream()
                    .filter(a -> (((Advance) a[1]).executedAt() != null) == executed).toList();
            if (group.isEmpty()) {
                continue;
            }
            PreparedBatch update = handle.prepareBatch(SqlStatements.get(dialect,
                    executed ? "schedule/advance_executed.sql" : "schedule/advance.sql"));
            for (Object[] a : group) {
                Advance advance = (Advance) a[1];
                update.bind("id", (long) a[0])
                        .bind("fromDate", advance.from())
                        .bind("toDate", advance.to())
                        .bind("now", at);
                if (executed) {
                    update.bind("executedAt", advance.executedAt().truncatedTo(ChronoUnit.MICROS));
                }
                update.add();
            }
            update.execute();
        }
        if (batch && newItems.size() > 1 && dialect == Dialect.POSTGRESQL) {
            insertWorkItemsMultiRow(handle, at);
        } else {
            newItems.forEach(item -> insertWorkItem(handle, item, at));
        }
        append(writes, handle, skipped.stream().map(event -> NewHistoryEvent.of(event, nodeId)).toList(), batch);
    }


    private void insertWorkItem(Handle handle, NewWorkItem item, Instant at) {
        try {
            bindWorkItem(handle.createUpdate(SqlStatements.get(dialect, "work_item/insert_new.sql")), item, at)
                    .execute();
        } catch (JdbiException e) {
            if (dialect == Dialect.POSTGRESQL || !DatabaseErrors.isUniqueViolation(e)) {
                throw e;
            }
            // the occurrence has its work item already
        }
    }

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindWorkItem(S statement,
            NewWorkItem item, Instant at) {
        return statement
                .bind("scheduleId", item.occurrence().scheduleId())
                .bind("nominalDate", item.occurrence().nominalDate())
                .bind("bankCode", item.bankCode())
                .bind("priority", ScheduleColumns.priorityCode(item.priority()))
                .bind("kind", item.kind())
                .bind("notBefore", item.notBefore().truncatedTo(ChronoUnit.MICROS))
                .bind("leaseUntil", ScheduleRegistration.NO_LEASE)
                .bind("createdAt", at);
    }

    private void insertDeadLetter(Handle handle, DeadLetterEntry entry, Instant at) {
        try {
            handle.createUpdate(SqlStatements.get(dialect, "dead_letter/insert.sql"))
                    .bind("scheduleId", entry.key().scheduleId())
                    .bind("nominalDate", entry.key().nominalDate())
                    .bind("attempt", entry.key().attempt())
                    .bind("idempotencyKey", entry.bankKey())
                    .bind("kind", entry.kind().name())
                    .bind("code", entry.code())
                    .bind("detail", entry.detail())
                    .bind("createdAt", at)
                    .execute();
        } catch (JdbiException e) {
            if (dialect == Dialect.POSTGRESQL || !DatabaseErrors.isUniqueViolation(e)) {
                throw e;
            }
            // a twin wrote the entry
        }
    }

    /** Events one by one (each refusal caught on its own) or, for a chunk, as one batch. */
    public static boolean[] append(HistoryWrites writes, Handle handle, List<NewHistoryEvent> events, boolean batch) {
        if (batch && events.size() > 1) {
            return writes.appendBatch(handle, events);
        }
        boolean[] inserted = new boolean[events.size()];
        for (int i = 0; i < events.size(); i++) {
            inserted[i] = writes.append(handle, events.get(i));
        }
        return inserted;
    }
}
