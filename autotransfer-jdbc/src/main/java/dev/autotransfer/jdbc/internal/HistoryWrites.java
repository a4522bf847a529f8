package dev.autotransfer.jdbc.internal;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.jdbc.AutoTransferJdbcException;
import dev.autotransfer.jdbc.Dialect;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Inserts history events unconditionally, letting the database's unique rules decide (one opening
 * and one final outcome per attempt, one SUCCEEDED per occurrence). Not API. Thread-safe
 * (stateless apart from the dialect).
 *
 * <p>A refused insert returns false and leaves the caller's transaction usable, so side effects
 * follow only the insert that won (DESIGN hard case 2): PostgreSQL {@code ON CONFLICT DO NOTHING}
 * (a failed statement would abort its whole transaction there); MariaDB and H2 roll back only the
 * failed statement, so error 1062 / SQLState 23505 is caught per statement. Never
 * {@code INSERT IGNORE} (coerces bad data) nor {@code ON DUPLICATE KEY UPDATE} (an UPDATE, which
 * the append-only trigger refuses).
 */
public final class HistoryWrites {

    private final Dialect dialect;

    public HistoryWrites(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /**
     * Inserts the event in the handle's transaction.
     *
     * @return true when inserted, false when a unique rule refused it
     * @throws AutoTransferJdbcException for any other failure
     */
    public boolean append(Handle handle, NewHistoryEvent event) {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(event, "event");
        try {
            return bind(handle.createUpdate(SqlStatements.get(dialect, "history/insert.sql")), event).execute() == 1;
        } catch (JdbiException e) {
            if (dialect != Dialect.POSTGRESQL && DatabaseErrors.isUniqueViolation(e)) {
                return false;
            }
            throw new AutoTransferJdbcException("inserting " + event.type() + " of " + event.key() + " failed: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
    }

    /**
     * Inserts the events in the handle's transaction as one JDBC batch, one round trip.
     *
     * <p>PostgreSQL skips a refused row and reports it (update count 0). MariaDB and H2 fail the
     * batch on a refused row: this throws, the caller's transaction must be rolled back, and the
     * events written one by one with {@link #append} instead. A driver that does not report update
     * counts (for example pgjdbc with {@code reWriteBatchedInserts}) throws too, for the same fall-back.
     *
     * @return for each event, whether it was inserted
     */
    public boolean[] appendBatch(Handle handle, List<NewHistoryEvent> events) {
        boolean[] inserted = new boolean[events.size()];
        if (events.isEmpty()) {
            return inserted;
        }
        PreparedBatch batch = handle.prepareBatch(SqlStatements.get(dialect, "history/insert.sql"));
        for (NewHistoryEvent event : events) {
            bind(batch, event).add();
        }
        int[] counts;
        try {
            counts = batch.execute();
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("inserting " + events.size() + " history events as a batch failed: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 1 || counts[i] == java.sql.Statement.SUCCESS_NO_INFO && dialect != Dialect.POSTGRESQL) {
                inserted[i] = true;
            } else if (counts[i] != 0 || dialect != Dialect.POSTGRESQL) {
                throw new AutoTransferJdbcException("the driver reported update count " + counts[i]
                        + " for a history insert; cannot tell which rows were inserted");
            }
        }
        return inserted;
    }

    private <S extends SqlStatement<S>> S bind(S statement, NewHistoryEvent event) {
        TransferRequest request = event.request();
        return statement
                .bind("scheduleId", event.key().scheduleId())
                .bind("nominalDate", event.key().nominalDate())
                .bind("attempt", event.key().attempt())
                .bind("idempotencyKey", request == null ? event.key().format() : request.idempotencyKey())
                .bind("eventType", event.type().name())
                .bind("occurredAt", event.occurredAt().truncatedTo(ChronoUnit.MICROS))
                .bind("sourceBank", request == null ? null : request.source().bankCode())
                .bind("sourceAccount", request == null ? null : request.source().accountNumber())
                .bind("destinationBank", request == null ? null : request.destination().bankCode())
                .bind("destinationAccount", request == null ? null : request.destination().accountNumber())
                .bind("amountMinor", request == null ? null : Long.valueOf(request.amount().minorUnits()))
                .bind("currency", request == null ? null : request.amount().currency().getCurrencyCode())
                .bind("memo", request == null ? null : request.memo())
                .bind("requestCreatedAt", request == null ? null : request.createdAt())
                .bind("externalTransactionId", event.externalTransactionId())
                .bind("code", event.code())
                .bind("detail", event.detail())
                .bind("nodeId", event.nodeId());
    }
}
