package dev.autotransfer.jdbc.internal;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.jdbc.AutoTransferJdbcException;
import dev.autotransfer.jdbc.Dialect;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

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
        TransferRequest request = event.request();
        try {
            return handle.createUpdate(SqlStatements.get(dialect, "history/insert.sql"))
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
                    .bind("nodeId", event.nodeId())
                    .execute() == 1;
        } catch (JdbiException e) {
            if (dialect != Dialect.POSTGRESQL && DatabaseErrors.isUniqueViolation(e)) {
                return false;
            }
            throw new AutoTransferJdbcException("inserting " + event.type() + " of " + event.key() + " failed: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
    }
}
