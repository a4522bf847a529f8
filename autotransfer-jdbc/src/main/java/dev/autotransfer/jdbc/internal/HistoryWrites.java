package dev.autotransfer.jdbc.internal;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
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
        if (dialect == Dialect.POSTGRESQL) {
            return appendMultiRow(handle, events);
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

    private static final String COLUMNS = "schedule_id, nominal_date, attempt, idempotency_key, event_type, "
            + "occurred_at, source_bank, source_account, destination_bank, destination_account, amount_minor, currency, "
            + "memo, request_created_at, external_transaction_id, code, detail, node_id";
    private static final String[] NAMES = {"scheduleId", "nominalDate", "attempt", "idempotencyKey", "eventType",
        "occurredAt", "sourceBank", "sourceAccount", "destinationBank", "destinationAccount", "amountMinor",
        "currency", "memo", "requestCreatedAt", "externalTransactionId", "code", "detail", "nodeId"};

    /**
     * PostgreSQL: one multi-row {@code INSERT ... ON CONFLICT DO NOTHING RETURNING}, so the
     * partitioned table's routing is set up once per chunk rather than once per row (a JDBC batch
     * executes each row as its own statement), and the returned slots say which rows went in.
     */
    private boolean[] appendMultiRow(Handle handle, List<NewHistoryEvent> events) {
        StringBuilder sql = new StringBuilder("INSERT INTO at_history (").append(COLUMNS).append(") VALUES ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "(" : ", (");
            for (int c = 0; c < NAMES.length; c++) {
                sql.append(c == 0 ? ":" : ", :").append(NAMES[c]).append('_').append(i);
            }
            sql.append(')');
        }
        sql.append(" ON CONFLICT DO NOTHING RETURNING schedule_id, nominal_date, attempt, event_type");
        org.jdbi.v3.core.statement.Query query = handle.createQuery(sql.toString());
        for (int i = 0; i < events.size(); i++) {
            bindSuffixed(query, events.get(i), "_" + i);
        }
        java.util.Map<String, Integer> returned = new java.util.HashMap<>();
        try {
            query.map((rs, ctx) -> rs.getLong(1) + "|" + rs.getObject(2, java.time.LocalDate.class) + "|" + rs.getInt(3)
                    + "|" + rs.getString(4)).forEach(k -> returned.merge(k, 1, Integer::sum));
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("inserting " + events.size() + " history events failed: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
        boolean[] inserted = new boolean[events.size()];
        for (int i = 0; i < events.size(); i++) {
            NewHistoryEvent event = events.get(i);
            String k = event.key().scheduleId() + "|" + event.key().nominalDate() + "|" + event.key().attempt() + "|"
                    + event.type().name();
            Integer left = returned.get(k);
            if (left != null && left > 0) {
                // identical twins in one statement: the first takes the inserted row, the rest were refused
                inserted[i] = true;
                returned.put(k, left - 1);
            }
        }
        return inserted;
    }

    private <S extends SqlStatement<S>> S bindSuffixed(S statement, NewHistoryEvent event, String suffix) {
        TransferRequest request = event.request();
        Object[] values = {event.key().scheduleId(), event.key().nominalDate(), event.key().attempt(),
            request == null ? event.key().format() : request.idempotencyKey(), event.type().name(),
            event.occurredAt().truncatedTo(ChronoUnit.MICROS),
            request == null ? null : request.source().bankCode(),
            request == null ? null : request.source().accountNumber(),
            request == null ? null : request.destination().bankCode(),
            request == null ? null : request.destination().accountNumber(),
            request == null ? null : Long.valueOf(request.amount().minorUnits()),
            request == null ? null : request.amount().currency().getCurrencyCode(),
            request == null ? null : request.memo(),
            request == null ? null : request.createdAt(),
            event.externalTransactionId(), event.code(), event.detail(), event.nodeId()};
        Class<?>[] types = {Long.class, java.time.LocalDate.class, Integer.class, String.class, String.class,
            java.time.Instant.class, String.class, String.class, String.class, String.class, Long.class, String.class,
            String.class, java.time.Instant.class, String.class, String.class, String.class, String.class};
        for (int c = 0; c < NAMES.length; c++) {
            statement.bindByType(NAMES[c] + suffix, values[c], types[c]);
        }
        return statement;
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
