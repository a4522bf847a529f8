package dev.autotransfer.examples;

import dev.autotransfer.client.DeadLetter;
import dev.autotransfer.client.DeadLetterClient;
import dev.autotransfer.client.DeadLetterQuery;
import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.client.ScheduleClient;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch's outcome per bank, read from the stored rows: each occurrence's story (history and its
 * work item) through the schedule client, and the dead-letter queue through the dead-letter client.
 *
 * <p>Immutable once read; thread-safe.
 */
final class BatchSummary {

    /**
     * One bank's line; {@code deadLetterEntries} comes from the queue, everything else from history
     * ({@code lastEnd}: the latest SUCCEEDED or DEAD_LETTERED, null if none).
     */
    record Row(String bank, int schedules, int succeeded, int retriedThenPaid, int unknownThenResolved,
            int deadLettered, int skipped, int pending, int deadLetterEntries, Instant lastEnd) {

        Row plus(Row o) {
            Instant last = lastEnd == null || o.lastEnd != null && o.lastEnd.isAfter(lastEnd) ? o.lastEnd : lastEnd;
            return new Row(bank, schedules + o.schedules, succeeded + o.succeeded,
                    retriedThenPaid + o.retriedThenPaid, unknownThenResolved + o.unknownThenResolved,
                    deadLettered + o.deadLettered, skipped + o.skipped, pending + o.pending,
                    deadLetterEntries + o.deadLetterEntries, last);
        }
    }

    private final Map<Long, OccurrenceStory> stories;
    private final Map<String, Row> rows;
    private final Instant firstStart;

    private BatchSummary(Map<Long, OccurrenceStory> stories, Map<String, Row> rows, Instant firstStart) {
        this.stories = stories;
        this.rows = rows;
        this.firstStart = firstStart;
    }

    static BatchSummary read(ScheduleClient schedules, DeadLetterClient deadLetters,
            BatchSchedules.Registration batch, LocalDate today) {
        Map<Long, String> banks = batch.bankBySchedule();
        Map<String, Integer> entries = new LinkedHashMap<>();
        DeadLetterQuery query = DeadLetterQuery.all(DeadLetterQuery.MAX_LIMIT);
        for (List<DeadLetter> page = deadLetters.list(query); !page.isEmpty();
                page = deadLetters.list(query.after(page.get(page.size() - 1).id()))) {
            page.stream().filter(d -> d.nominalDate().equals(today) && banks.containsKey(d.scheduleId()))
                    .forEach(d -> entries.merge(banks.get(d.scheduleId()), 1, Integer::sum));
        }
        Map<Long, OccurrenceStory> stories = new LinkedHashMap<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String bank : BatchBanks.CODES) {
            rows.put(bank, new Row(bank, 0, 0, 0, 0, 0, 0, 0, entries.getOrDefault(bank, 0), null));
        }
        banks.forEach((id, bank) -> {
            OccurrenceStory story = schedules.story(id, today);
            stories.put(id, story);
            OccurrenceOutcome o = OccurrenceOutcome.of(story);
            rows.put(bank, rows.get(bank).plus(new Row(bank, 1, is(o, OccurrenceOutcome.State.SUCCEEDED),
                    o.retriedThenPaid() ? 1 : 0, o.unknownThenResolved() ? 1 : 0,
                    is(o, OccurrenceOutcome.State.DEAD_LETTERED), is(o, OccurrenceOutcome.State.SKIPPED),
                    o.finished() ? 0 : 1, 0, lastEnd(story))));
        });
        Instant firstStart = stories.values().stream().flatMap(s -> s.events().stream())
                .filter(e -> e.type() == EventType.STARTED).map(HistoryEvent::occurredAt).min(Instant::compareTo)
                .orElse(null);
        return new BatchSummary(Collections.unmodifiableMap(stories), Map.copyOf(rows), firstStart);
    }

    private static Instant lastEnd(OccurrenceStory story) {
        return story.events().stream().filter(e -> e.type() == EventType.SUCCEEDED
                || e.type() == EventType.DEAD_LETTERED).map(HistoryEvent::occurredAt).max(Instant::compareTo)
                .orElse(null);
    }

    private static int is(OccurrenceOutcome outcome, OccurrenceOutcome.State state) {
        return outcome.state() == state ? 1 : 0;
    }

    Row row(String bank) {
        return rows.get(bank);
    }

    Row total() {
        return BatchBanks.CODES.stream().map(rows::get).reduce(new Row("total", 0, 0, 0, 0, 0, 0, 0, 0, null),
                Row::plus);
    }

    /** Today's story of each schedule of the batch, in the batch's order. */
    Map<Long, OccurrenceStory> stories() {
        return stories;
    }

    void print(PrintStream out, Map<String, Integer> bankDebits) {
        String format = "%-12s %9s %9s %9s %9s %9s %7s %7s %8s | %11s %7s%n";
        out.printf(format, "bank", "schedules", "succeeded", "retried", "unknown", "dead-", "skipped", "pending",
                "all done", "dead-letter", "bank's");
        out.printf(format, "", "", "", "then paid", "resolved", "lettered", "", "", "after", "entries", "debits");
        int debits = 0;
        for (String bank : BatchBanks.CODES) {
            print(out, format, rows.get(bank), bankDebits.getOrDefault(bank, 0));
            debits += bankDebits.getOrDefault(bank, 0);
        }
        print(out, format, total(), debits);
    }

    private void print(PrintStream out, String format, Row r, int debits) {
        String after = firstStart == null || r.lastEnd() == null ? "-"
                : String.format("%.1f s", Duration.between(firstStart, r.lastEnd()).toMillis() / 1000.0);
        out.printf(format, r.bank(), n(r.schedules()), n(r.succeeded()), n(r.retriedThenPaid()),
                n(r.unknownThenResolved()), n(r.deadLettered()), n(r.skipped()), n(r.pending()), after,
                n(r.deadLetterEntries()), n(debits));
    }

    private static String n(int value) {
        return String.format("%,d", value);
    }
}
