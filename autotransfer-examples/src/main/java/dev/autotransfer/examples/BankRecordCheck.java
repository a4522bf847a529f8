package dev.autotransfer.examples;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds history against each simulated bank's own record of what it executed: no occurrence was
 * debited twice, and each occurrence this run worked was debited exactly once if history says
 * SUCCEEDED and never otherwise (a dead-lettered one's keys all ended in a definitive refusal).
 *
 * <p>Immutable and thread-safe.
 *
 * @param debitedMoreThanOnce occurrences the banks debited more than once; must be empty
 * @param disagreements occurrences where history and the bank's record disagree; must be empty
 * @param debits debits the banks executed in this process
 */
record BankRecordCheck(List<String> debitedMoreThanOnce, List<String> disagreements, int debits) {

    static BankRecordCheck of(BatchBanks banks, BatchSummary summary, Set<Long> workedThisRun, LocalDate today) {
        List<String> disagreements = new ArrayList<>();
        summary.stories().forEach((id, story) -> {
            boolean succeeded = OccurrenceOutcome.of(story).state() == OccurrenceOutcome.State.SUCCEEDED;
            int expected = succeeded && workedThisRun.contains(id) ? 1 : 0;
            int executed = banks.executionsFor(story);
            if (executed != expected) {
                disagreements.add(id + ":" + today + " history " + OccurrenceOutcome.of(story).state()
                        + ", bank debited " + executed + " time(s)");
            }
        });
        int debits = banks.debitsByBank().values().stream().mapToInt(Integer::intValue).sum();
        return new BankRecordCheck(List.copyOf(banks.occurrencesExecutedMoreThanOnce()), List.copyOf(disagreements),
                debits);
    }

    boolean ok() {
        return debitedMoreThanOnce.isEmpty() && disagreements.isEmpty();
    }

    void print(PrintStream out, Map<String, Integer> debitsByBank) {
        out.printf("%nThe banks' own record (%s): %,d debits executed in this run; %d occurrences debited more"
                + " than once: %s%n", debitsByBank, debits, debitedMoreThanOnce.size(),
                debitedMoreThanOnce.isEmpty() ? "OK, no double debit" : "FAILED " + debitedMoreThanOnce);
        out.printf("History against the banks' record, occurrence by occurrence: %s%n", disagreements.isEmpty()
                ? "OK, every SUCCEEDED this run worked debited exactly once, nothing else debited"
                : disagreements.size() + " disagree, FAILED: " + disagreements.subList(0, Math.min(5,
                        disagreements.size())));
    }
}
