package dev.autotransfer.jdbc.internal;

import dev.autotransfer.client.DeadLetter;
import dev.autotransfer.client.DeadLetterQuery;
import dev.autotransfer.jdbc.api.Dialect;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Reads {@code at_dead_letter} rows as {@link DeadLetter}s, in the caller's handle. Not API.
 * Immutable and thread-safe.
 */
public final class DeadLetterRows {

    private static final RowMapper<DeadLetter> MAPPER = (rs, ctx) -> {
        var instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        return new DeadLetter(rs.getLong("id"), rs.getLong("schedule_id"),
                rs.getObject("nominal_date", LocalDate.class), rs.getInt("attempt"), rs.getString("idempotency_key"),
                DeadLetter.Kind.valueOf(rs.getString("kind")), rs.getString("code"), rs.getString("detail"),
                DeadLetter.Status.valueOf(rs.getString("status")), instants.map(rs, "created_at", ctx),
                rs.getString("resolved_by"), instants.map(rs, "resolved_at", ctx), rs.getLong("version"));
    };

    private final Dialect dialect;

    /** Rows read with the dialect's statements. */
    public DeadLetterRows(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The entry with the id; {@code lock} locks its row in the caller's transaction. */
    public Optional<DeadLetter> byId(Handle handle, long id, boolean lock) {
        return handle.createQuery(SqlStatements.get(dialect,
                        lock ? "dead_letter/select_by_id_for_update.sql" : "dead_letter/select_by_id.sql"))
                .bind("id", id)
                .map(MAPPER)
                .findOne();
    }

    /** The page the query selects, newest first. */
    public List<DeadLetter> page(Handle handle, DeadLetterQuery query) {
        return handle.createQuery(SqlStatements.get(dialect, "dead_letter/select_page.sql"))
                .bind("status", query.status() == null ? "" : query.status().name())
                .bind("kind", query.kind() == null ? "" : query.kind().name())
                .bind("afterId", query.afterId() == null ? Long.MAX_VALUE : query.afterId())
                .bind("limit", query.limit())
                .map(MAPPER)
                .list();
    }
}
