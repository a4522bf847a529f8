package dev.autotransfer.examples;

import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.ScheduleSpec;
import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Prints the answer to "what happened to schedule S's transfer on D": every attempt with its events
 * in database order, each explained in a few words, the work item or dead-letter entry if any, and
 * what the bank's own record says. Account numbers are masked ({@code AccountRef#toString()}).
 *
 * <p>Not thread-safe (it writes to one stream); use from one thread.
 */
final class OccurrenceReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ScheduleSpec.DEFAULT_ZONE);

    private final PrintStream out;

    OccurrenceReport(PrintStream out) {
        this.out = out;
    }

    /** Prints the story of one occurrence whose answer was unknown and of one dead-lettered, if there are such. */
    void printInteresting(BatchSummary summary, Map<Long, String> bankOf, BatchBanks banks, Set<Long> workedThisRun) {
        first(summary, o -> o.unknowns() > 0 && o.state() == OccurrenceOutcome.State.SUCCEEDED).ifPresent(s ->
                print("An answer that was unknown", bankOf.get(s.occurrence().scheduleId()), s,
                        executions(banks, s, workedThisRun)));
        first(summary, o -> o.state() == OccurrenceOutcome.State.DEAD_LETTERED).ifPresent(s ->
                print("A transfer the bank kept refusing", bankOf.get(s.occurrence().scheduleId()), s,
                        executions(banks, s, workedThisRun)));
    }

    private static int executions(BatchBanks banks, OccurrenceStory story, Set<Long> workedThisRun) {
        return workedThisRun.contains(story.occurrence().scheduleId()) ? banks.executionsFor(story) : -1;
    }

    private static Optional<OccurrenceStory> first(BatchSummary summary, Predicate<OccurrenceOutcome> interesting) {
        return summary.stories().values().stream().filter(s -> interesting.test(OccurrenceOutcome.of(s))).findFirst();
    }

    /**
     * @param bankExecutions the debits the bank recorded for the occurrence, or -1 if it ended in an
     *     earlier run (this process's simulated banks never saw it)
     */
    void print(String title, String bank, OccurrenceStory story, int bankExecutions) {
        out.printf("%n%s: what happened to schedule #%d's transfer on %s (bank %s)?%n", title,
                story.occurrence().scheduleId(), story.occurrence().nominalDate(), bank);
        for (OccurrenceStory.Attempt attempt : story.attempts()) {
            out.printf("  attempt %d, key %s%n", attempt.number(), attempt.key());
            for (HistoryEvent event : attempt.events()) {
                out.printf("    #%-7d %s %-13s %s%n", event.seq(), TIME.format(event.occurredAt()), event.type(),
                        explain(event));
            }
        }
        story.pendingWork().ifPresent(p -> out.printf("  still waiting: %s until %s (%s)%n", p.kind(),
                TIME.format(p.notBefore()), p.pendingReason() == null ? "due" : p.pendingReason()));
        story.deadLetters().forEach(d -> out.printf("  dead-letter entry for key %s: %s %s, %s: a person"
                + " requeues or resolves it (docs/dead-letters.md)%n", d.key(), d.kind(), d.code(), d.status()));
        out.printf("  the bank's own record: %s%n", bankExecutions < 0 ? "not in this run (it ended in an earlier one)"
                : bankExecutions == 0 ? "debited never" : bankExecutions == 1 ? "debited once"
                : "debited " + bankExecutions + " times (A DOUBLE DEBIT)");
    }

    private static String explain(HistoryEvent event) {
        return switch (event.type()) {
            case STARTED -> event.request().source() + " -> " + event.request().destination() + " "
                    + event.request().amount() + ", committed before the bank was called";
            case UNKNOWN -> "no clear answer (" + event.code() + "): the bank may have executed it; the same key"
                    + " is asked about or re-sent, never replaced";
            case SUCCEEDED -> "executed by the bank as " + event.externalTransactionId();
            case FAILED -> "refused for good (" + event.code() + "): this key never executes; a new attempt"
                    + " follows after a backoff unless the retry limit is reached";
            case DEAD_LETTERED -> "retry limit reached: handed to a person, the schedule moves on";
            case REQUEUED -> "sent back to the engine by a person";
            case SKIPPED -> "skipped (" + event.code() + ")";
            case CANCELLED -> "the schedule was cancelled";
        };
    }
}
