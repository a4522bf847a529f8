package dev.autotransfer.jdbc.internal;

import dev.autotransfer.DeadLetterStateException;
import dev.autotransfer.DeadLetterVersionConflictException;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.BankConfirmation;
import dev.autotransfer.client.DeadLetter;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A person's requeue, confirmation or resolution of a dead-letter entry: one short READ COMMITTED
 * transaction that locks the schedule row, then the entry (the engine's order: schedules first),
 * reads the occurrence's history, checks {@link DeadLetterRules} and the version, and writes the
 * history event, the work item, the entry's status and the audit entry. Not API. Immutable and
 * thread-safe.
 *
 * <p>The schedule's lock serializes people's changes to one occurrence; the REQUEUED event's unique
 * slot (one per attempt) still refuses a second requeue that got past it, and a refused insert
 * rolls everything back (hard case 2: side effects follow only the insert that won).
 */
public final class DeadLetterChanges {

    /** The code of the FAILED event that records the bank's confirmation. */
    public static final String CONFIRMED_NOT_EXECUTED = "CONFIRMED_NOT_EXECUTED";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;
    private final ScheduleReader schedules;
    private final DeadLetterRows rows;
    private final HistoryReads reads;
    private final HistoryWrites writes;

    /** Changes on a Jdbi made by {@link JdbiFactory} for the dialect. */
    public DeadLetterChanges(Jdbi jdbi, Dialect dialect, Clock clock) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.clock = clock;
        this.schedules = new ScheduleReader(jdbi, dialect);
        this.rows = new DeadLetterRows(dialect);
        this.reads = new HistoryReads(jdbi, dialect);
        this.writes = new HistoryWrites(dialect);
    }

    /** See {@link dev.autotransfer.client.DeadLetterClient#requeue}. */
    public DeadLetter requeue(long id, long expectedVersion, AuditContext audit) {
        return inTransaction(id, "requeueing", handle -> {
            Locked locked = lock(handle, id, expectedVersion);
            String refusal = DeadLetterRules.requeueRefusal(locked.entry, locked.history, locked.schedule.status());
            if (refusal != null) {
                throw new DeadLetterStateException(id, refusal);
            }
            Instant now = now();
            AttemptKey next = locked.history.nextKey();
            boolean inserted = writes.append(handle, new NewHistoryEvent(next, EventType.REQUEUED, now, null, null,
                    "DEAD_LETTER_" + id, "requeued by " + audit.actor() + " from dead letter " + id, null));
            if (!inserted) {
                throw new DeadLetterStateException(id, "occurrence " + locked.entry.occurrence()
                        + " was already requeued as attempt " + next.attempt() + " (its REQUEUED slot is taken)");
            }
            putWorkItem(handle, locked, now);
            return changeStatus(handle, locked.entry, DeadLetter.Status.REQUEUED, now, audit, "REQUEUE", null);
        });
    }

    /** See {@link dev.autotransfer.client.DeadLetterClient#confirmNotExecuted}. */
    public DeadLetter confirmNotExecuted(long id, long expectedVersion, BankConfirmation confirmation,
            AuditContext audit) {
        return inTransaction(id, "confirming", handle -> {
            Locked locked = lock(handle, id, expectedVersion);
            String refusal = DeadLetterRules.confirmRefusal(locked.entry, locked.history);
            if (refusal != null) {
                throw new DeadLetterStateException(id, refusal);
            }
            Instant now = now();
            String detail = truncate("bank confirmation " + confirmation.bankReference()
                    + (confirmation.note() == null ? "" : ": " + confirmation.note())
                    + " (recorded by " + audit.actor() + ", dead letter " + id + ")");
            boolean inserted = writes.append(handle, new NewHistoryEvent(locked.entry.key(), EventType.FAILED, now,
                    null, null, CONFIRMED_NOT_EXECUTED, detail, null));
            if (!inserted) {
                throw new DeadLetterStateException(id, "key " + locked.entry.key()
                        + " received a final outcome meanwhile; inspect the entry again");
            }
            return changeStatus(handle, locked.entry, DeadLetter.Status.CONFIRMED_NOT_EXECUTED, now, audit,
                    "CONFIRM_NOT_EXECUTED", confirmation.bankReference());
        });
    }

    /** See {@link dev.autotransfer.client.DeadLetterClient#resolve}. */
    public DeadLetter resolve(long id, long expectedVersion, String note, AuditContext audit) {
        return inTransaction(id, "resolving", handle -> {
            Locked locked = lock(handle, id, expectedVersion);
            DeadLetter.Status status = locked.entry.status();
            if (status != DeadLetter.Status.OPEN && status != DeadLetter.Status.CONFIRMED_NOT_EXECUTED) {
                throw new DeadLetterStateException(id, "it is " + status
                        + "; only OPEN and CONFIRMED_NOT_EXECUTED entries can be resolved");
            }
            return changeStatus(handle, locked.entry, DeadLetter.Status.RESOLVED, now(), audit, "RESOLVE", note);
        });
    }

    /** The entry, its schedule and its occurrence's history, read under the schedule's and the entry's locks. */
    private Locked lock(Handle handle, long id, long expectedVersion) {
        DeadLetter unlocked = rows.byId(handle, id, false)
                .orElseThrow(() -> new IllegalArgumentException("deadLetterId " + id + " does not exist"));
        Schedule schedule = schedules.lockById(handle, unlocked.scheduleId())
                .orElseThrow(() -> new AutoTransferJdbcException("dead letter " + id + " names schedule "
                        + unlocked.scheduleId() + ", which does not exist"));
        DeadLetter entry = rows.byId(handle, id, true).orElseThrow();
        if (entry.version() != expectedVersion) {
            throw new DeadLetterVersionConflictException(id, expectedVersion, entry.version());
        }
        OccurrenceHistory history = reads.histories(handle, List.of(entry.occurrence())).get(entry.occurrence());
        return new Locked(entry, schedule, history);
    }

    /**
     * Inserts the occurrence's work item, or takes over the one it still has (normally none: the
     * engine deletes it when it dead-letters). Taking over clears the lease: the engine's writes are
     * fenced by the lease token, so a node that still holds the old token can neither delete the item
     * nor start an attempt from a decision made before the REQUEUED event.
     */
    private void putWorkItem(Handle handle, Locked locked, Instant now) {
        Schedule schedule = locked.schedule;
        Optional<Long> existing = handle.createQuery(SqlStatements.get(dialect,
                        "work_item/select_by_occurrence_for_update.sql"))
                .bind("scheduleId", schedule.id())
                .bind("nominalDate", locked.entry.nominalDate())
                .mapTo(Long.class)
                .findOne();
        String bank = schedule.spec().source().bankCode();
        int priority = ScheduleColumns.priorityCode(schedule.spec().priority());
        if (existing.isPresent()) {
            handle.createUpdate(SqlStatements.get(dialect, "work_item/requeue.sql"))
                    .bind("bankCode", bank)
                    .bind("priority", priority)
                    .bind("now", now)
                    .bind("noLease", ScheduleRegistration.NO_LEASE)
                    .bind("id", existing.get())
                    .execute();
        } else {
            handle.createUpdate(SqlStatements.get(dialect, "work_item/insert.sql"))
                    .bind("scheduleId", schedule.id())
                    .bind("nominalDate", locked.entry.nominalDate())
                    .bind("bankCode", bank)
                    .bind("priority", priority)
                    .bind("kind", "REQUEUED")
                    .bind("notBefore", now)
                    .bind("leaseUntil", ScheduleRegistration.NO_LEASE)
                    .bind("createdAt", now)
                    .execute();
        }
    }

    private DeadLetter changeStatus(Handle handle, DeadLetter before, DeadLetter.Status status, Instant now,
            AuditContext audit, String action, String note) {
        int updated = handle.createUpdate(SqlStatements.get(dialect, "dead_letter/update_status.sql"))
                .bind("status", status.name())
                .bind("resolvedBy", audit.actor())
                .bind("resolvedAt", now)
                .bind("id", before.id())
                .bind("expectedVersion", before.version())
                .execute();
        if (updated != 1) {
            // the row is locked and was just read at this version: only a bug gets here
            throw new AutoTransferJdbcException("dead letter " + before.id() + " at version " + before.version()
                    + " was not updated (" + updated + " rows)");
        }
        DeadLetter after = new DeadLetter(before.id(), before.scheduleId(), before.nominalDate(), before.attempt(),
                before.idempotencyKey(), before.kind(), before.code(), before.detail(), status, before.createdAt(),
                audit.actor(), now, before.version() + 1);
        AuditWrites.insert(handle, dialect, audit, now, AuditJson.DEAD_LETTER, Long.toString(before.id()), action,
                AuditJson.of(before, null), AuditJson.of(after, note));
        return after;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    private <T> T inTransaction(long id, String what, java.util.function.Function<Handle, T> work) {
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work::apply);
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException(what + " dead letter " + id + " failed: " + DatabaseErrors.describe(e),
                    DatabaseErrors.sanitized(e));
        }
    }

    private record Locked(DeadLetter entry, Schedule schedule, OccurrenceHistory history) {
    }
}
