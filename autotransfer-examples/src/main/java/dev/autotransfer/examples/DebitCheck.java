package dev.autotransfer.examples;

import dev.autotransfer.bank.sim.ExecutedDebit;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the bank's own record against the schedules a benchmark loaded: each schedule's occurrence
 * of the day debited exactly once, none missing, none twice, nothing else debited.
 *
 * <p>Immutable and thread-safe.
 *
 * @param expected schedules that should each have been debited once
 * @param debits debits the bank executed
 * @param debitedTwice schedules debited more than once (under one key or several); must be 0
 * @param missing schedules not debited; must be 0
 * @param unexpected debits of no loaded schedule or of another date; must be 0
 */
record DebitCheck(int expected, int debits, int debitedTwice, int missing, int unexpected) {

    /** Checks {@code debits} against the occurrences of {@code today} of the schedules {@code ids}. */
    static DebitCheck of(List<ExecutedDebit> debits, long[] ids, LocalDate today) {
        Map<Long, Integer> counts = new HashMap<>(ids.length * 2);
        for (long id : ids) {
            counts.put(id, 0);
        }
        int unexpected = 0;
        for (ExecutedDebit debit : debits) {
            Long id = scheduleOf(debit.occurrenceId(), today);
            if (id == null || !counts.containsKey(id)) {
                unexpected++;
            } else {
                counts.merge(id, 1, Integer::sum);
            }
        }
        int twice = 0;
        int missing = 0;
        for (int count : counts.values()) {
            if (count == 0) {
                missing++;
            } else if (count > 1) {
                twice++;
            }
        }
        return new DebitCheck(ids.length, debits.size(), twice, missing, unexpected);
    }

    /** Whether every schedule was debited exactly once and nothing else. */
    boolean ok() {
        return debitedTwice == 0 && missing == 0 && unexpected == 0 && debits == expected;
    }

    /**
     * The schedule of an occurrence id {@code [prefix]scheduleId:nominalDate} (the engine puts the
     * installation's prefix, such as {@code "k3x9-"}, before its keys), or null when the id does not
     * end with {@code today}'s date.
     */
    static Long scheduleOf(String occurrenceId, LocalDate today) {
        String suffix = ":" + today;
        if (!occurrenceId.endsWith(suffix)) {
            return null;
        }
        int end = occurrenceId.length() - suffix.length();
        int start = end;
        while (start > 0 && Character.isDigit(occurrenceId.charAt(start - 1))) {
            start--;
        }
        if (start == end || end - start > 18) {
            return null;
        }
        return Long.parseLong(occurrenceId.substring(start, end));
    }
}
