package dev.autotransfer.jdbc.internal;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads the history of many occurrences at once, in batches of {@value #BATCH} occurrences, one
 * query each, and rebuilds the events (STARTED with its recorded request) in sequence order. Not
 * API. Thread-safe (the Jdbi is).
 */
public final class HistoryReads {

    static final int BATCH = 500;

    private final Jdbi jdbi;
    private final Dialect dialect;

    public HistoryReads(Jdbi jdbi, Dialect dialect) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** Each occurrence's history (empty when it has no event), in its own handle. */
    public Map<Occurrence, OccurrenceHistory> histories(Collection<Occurrence> occurrences) {
        Objects.requireNonNull(occurrences, "occurrences");
        try {
            return jdbi.withHandle(handle -> histories(handle, occurrences));
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("reading the history of " + occurrences.size()
                    + " occurrences failed: " + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
    }

    /** Each occurrence's history, read in the caller's handle (and transaction, if one is open). */
    public Map<Occurrence, OccurrenceHistory> histories(Handle handle, Collection<Occurrence> occurrences) {
        List<Occurrence> wanted = new ArrayList<>(new LinkedHashSet<>(occurrences));
        Map<Occurrence, List<HistoryEvent>> events = new HashMap<>();
        for (int from = 0; from < wanted.size(); from += BATCH) {
            List<Occurrence> batch = wanted.subList(from, Math.min(wanted.size(), from + BATCH));
            Set<Occurrence> inBatch = Set.copyOf(batch);
            var query = handle.createQuery(SqlStatements.get(dialect, "history/select_by_occurrences.sql"));
            if (dialect == Dialect.POSTGRESQL) {
                // exact pairs, as two arrays of one length
                query.bind("scheduleIds", array("bigint", batch.stream().map(Occurrence::scheduleId).toArray()))
                        .bind("nominalDates", array("date",
                                batch.stream().map(o -> o.nominalDate().toString()).toArray()));
            } else {
                query.bindList("scheduleIds", batch.stream().map(Occurrence::scheduleId).distinct().toList())
                        .bindList("nominalDates", batch.stream().map(Occurrence::nominalDate).distinct().toList());
            }
            query.map(HistoryReads::event)
                    .forEach(event -> {
                        Occurrence occurrence = event.key().occurrence();
                        if (inBatch.contains(occurrence)) {
                            events.computeIfAbsent(occurrence, o -> new ArrayList<>()).add(event);
                        }
                    });
        }
        Map<Occurrence, OccurrenceHistory> histories = new LinkedHashMap<>();
        for (Occurrence occurrence : wanted) {
            List<HistoryEvent> list = events.getOrDefault(occurrence, List.of());
            if (list.size() > 1) {
                // the database sequence is the only order between events; the query does not sort
                list.sort(java.util.Comparator.comparingLong(HistoryEvent::seq));
            }
            histories.put(occurrence, new OccurrenceHistory(occurrence, list));
        }
        return histories;
    }

    /** A SQL array of the type, created on the statement's own connection. */
    private static org.jdbi.v3.core.argument.Argument array(String type, Object[] values) {
        return (position, statement, ctx) -> statement.setArray(position,
                statement.getConnection().createArrayOf(type, values));
    }

    private static HistoryEvent event(ResultSet rs, StatementContext ctx) throws SQLException {
        ColumnMapper<Instant> instants = ctx.findColumnMapperFor(Instant.class)
                .orElseThrow(() -> new IllegalStateException("no Instant column mapper"));
        AttemptKey key = new AttemptKey(rs.getLong("schedule_id"), rs.getObject("nominal_date", LocalDate.class),
                rs.getInt("attempt"));
        EventType type = EventType.valueOf(rs.getString("event_type"));
        TransferRequest request = null;
        if (type == EventType.STARTED) {
            String memo = rs.getString("memo");
            request = new TransferRequest(rs.getString("idempotency_key"),
                    AccountRef.of(rs.getString("source_bank"), rs.getString("source_account")),
                    AccountRef.of(rs.getString("destination_bank"), rs.getString("destination_account")),
                    Money.of(rs.getLong("amount_minor"), rs.getString("currency").strip()),
                    memo == null ? "" : memo,
                    instants.map(rs, "request_created_at", ctx));
        }
        return new HistoryEvent(rs.getLong("seq"), key, type, instants.map(rs, "occurred_at", ctx), request,
                rs.getString("external_transaction_id"), rs.getString("code"), rs.getString("detail"));
    }
}
