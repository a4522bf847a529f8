package dev.autotransfer.jdbc.internal;

import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Reads an occurrence's story: its history grouped by attempt, its work item and its dead-letter
 * entries, in one handle. Not API. Immutable and thread-safe.
 */
public final class OccurrenceStories {

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final HistoryReads history;

    /** Stories on a Jdbi made by {@link JdbiFactory} for the dialect. */
    public OccurrenceStories(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.history = new HistoryReads(jdbi, dialect);
    }

    /** See {@link dev.autotransfer.client.ScheduleClient#story}. */
    public OccurrenceStory story(Occurrence occurrence) {
        try {
            return jdbi.withHandle(handle -> {
                OccurrenceHistory events = history.histories(handle, List.of(occurrence)).get(occurrence);
                OccurrenceStory.PendingWork pending = handle
                        .createQuery(SqlStatements.get(dialect, "work_item/select_by_occurrence.sql"))
                        .bind("scheduleId", occurrence.scheduleId())
                        .bind("nominalDate", occurrence.nominalDate())
                        .map((rs, ctx) -> {
                            Instant leaseUntil = ctx.findColumnMapperFor(Instant.class).orElseThrow()
                                    .map(rs, "lease_until", ctx);
                            return new OccurrenceStory.PendingWork(rs.getString("kind"),
                                    ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "not_before", ctx),
                                    rs.getString("pending_reason"),
                                    rs.getString("lease_token") == null ? null : leaseUntil,
                                    rs.getInt("claim_count"));
                        })
                        .findOne().orElse(null);
                List<OccurrenceStory.DeadLetter> deadLetters = handle
                        .createQuery(SqlStatements.get(dialect, "dead_letter/select_by_occurrence.sql"))
                        .bind("scheduleId", occurrence.scheduleId())
                        .bind("nominalDate", occurrence.nominalDate())
                        .map((rs, ctx) -> new OccurrenceStory.DeadLetter(rs.getInt("attempt"),
                                rs.getString("idempotency_key"), rs.getString("kind"), rs.getString("code"),
                                rs.getString("detail"), rs.getString("status"),
                                ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx)))
                        .list();
                return new OccurrenceStory(occurrence, attempts(events), pending, deadLetters);
            });
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("reading the story of occurrence " + occurrence + " failed: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
    }

    private static List<OccurrenceStory.Attempt> attempts(OccurrenceHistory history) {
        Map<Integer, List<HistoryEvent>> byAttempt = new TreeMap<>();
        for (HistoryEvent event : history.events()) {
            byAttempt.computeIfAbsent(event.attempt(), n -> new ArrayList<>()).add(event);
        }
        List<OccurrenceStory.Attempt> attempts = new ArrayList<>();
        byAttempt.forEach((number, events) -> {
            String key = events.stream().filter(e -> e.request() != null).findFirst()
                    .map(e -> e.request().idempotencyKey())
                    .orElseGet(() -> events.get(0).key().format());
            attempts.add(new OccurrenceStory.Attempt(number, key, events));
        });
        return attempts;
    }
}
