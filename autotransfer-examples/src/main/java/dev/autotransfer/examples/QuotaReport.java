package dev.autotransfer.examples;

import dev.autotransfer.bank.sim.FaultCounts;
import dev.autotransfer.bank.sim.SimulatedBank;
import java.io.PrintStream;

/**
 * Prints the quota benchmark's figures, one {@code name value} a line: the throughput of a set of
 * transfers against the quota, what the bank saw, and the check of the bank's record. Not
 * thread-safe; use from one thread after the engines stopped.
 */
final class QuotaReport {

    private final PrintStream out;
    private final SimulatedBank bank;
    private final String bankCode;
    private final int quota;

    QuotaReport(PrintStream out, SimulatedBank bank, String bankCode, int quota) {
        this.out = out;
        this.bank = bank;
        this.bankCode = bankCode;
        this.quota = quota;
    }

    /** The total time against the ideal {@code expected / quota}, the steady rate and the quota it used. */
    void throughput(String prefix, ExecutionTimeline timeline, int expected) {
        double ideal = expected / (double) quota;
        out.printf("%s.executed %d%n", prefix, timeline.count());
        out.printf("%s.first_execution_s %.2f%n", prefix, timeline.firstSeconds());
        out.printf("%s.total_s %.1f%n", prefix, timeline.totalSeconds());
        out.printf("%s.ideal_s %.1f%n", prefix, ideal);
        out.printf("%s.total_over_ideal %.3f%n", prefix, ideal == 0 ? 0 : timeline.totalSeconds() / ideal);
        out.printf("%s.executed_per_s_overall %.1f%n", prefix,
                timeline.totalSeconds() == 0 ? 0 : timeline.count() / timeline.totalSeconds());
        out.printf("%s.executed_per_s_steady %.1f%n", prefix, timeline.steadyPerSecond());
        out.printf("%s.quota_used_fraction_steady %.3f%n", prefix, timeline.steadyPerSecond() / quota);
        out.printf("%s.executed_each_second %s%n", prefix, timeline.perSecond());
    }

    /** What the bank saw, and what the engines did not send and why. */
    void bankSide(EngineTally tally) {
        FaultCounts faults = bank.faultCounts(bankCode);
        int maxArrivals = bank.maxObservedRequestsPerSecond(bankCode);
        out.printf("bank.requests %d%n", bank.totalRequests());
        out.printf("bank.max_arrivals_in_sliding_1s %d%n", maxArrivals);
        out.printf("bank.max_arrivals_over_quota %s%n", maxArrivals > quota
                ? "yes (" + maxArrivals + " > " + quota + ")" : "no");
        out.printf("bank.refused_by_quota %d%n", faults.rateLimitedAnswers());
        out.printf("bank.refused_by_concurrency_limit %d%n", faults.concurrencyLimitedCalls());
        out.printf("bank.max_calls_in_flight %d%n", bank.maxCallsInFlight(bankCode));
        out.printf("bank.inquiries %d%n", bank.totalInquiries());
        tally.notSentByReason().forEach((reason, count) -> out.printf("engine.not_sent.%s %d%n", reason, count));
        out.printf("engine.not_sent_total %d%n", tally.notSentByReason().values().stream().mapToLong(Long::longValue)
                .sum());
    }

    /**
     * Prints the check of the bank's record; returns whether it passed. A run cut by its time-out cannot
     * have debited everything: it passes no check, and is reported INCOMPLETE when no schedule was
     * debited twice and nothing else was debited.
     */
    boolean check(DebitCheck check, boolean finished) {
        out.printf("check.schedules %d%n", check.expected());
        out.printf("check.debits_executed %d%n", check.debits());
        out.printf("check.schedules_debited_more_than_once %d%n", check.debitedTwice());
        out.printf("check.schedules_not_debited %d%n", check.missing());
        out.printf("check.debits_of_no_schedule %d%n", check.unexpected());
        int doubles = bank.occurrencesExecutedMoreThanOnce().size();
        out.printf("check.bank_occurrences_executed_more_than_once %d%n", doubles);
        boolean ok = check.ok() && doubles == 0;
        String result = ok ? "OK (each schedule debited exactly once)"
                : !finished && check.debitedTwice() == 0 && check.unexpected() == 0 && doubles == 0
                        ? "INCOMPLETE (run cut; no schedule debited twice, " + check.missing() + " not debited yet)"
                        : "FAILED";
        out.printf("check.result %s%n", result);
        return ok;
    }
}
