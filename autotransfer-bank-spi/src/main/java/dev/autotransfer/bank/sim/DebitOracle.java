package dev.autotransfer.bank.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The append-only record of every debit the simulation executed. Guarded by the bank's lock. */
final class DebitOracle {

    private final List<ExecutedDebit> debits = new ArrayList<>();
    private final Map<String, Integer> countsByKey = new HashMap<>();
    private final Map<String, List<ExecutedDebit>> byOccurrence = new LinkedHashMap<>();

    void append(ExecutedDebit debit) {
        debits.add(debit);
        countsByKey.merge(debit.idempotencyKey(), 1, Integer::sum);
        byOccurrence.computeIfAbsent(debit.occurrenceId(), occurrence -> new ArrayList<>()).add(debit);
    }

    List<ExecutedDebit> snapshot() {
        return List.copyOf(debits);
    }

    int count(String key) {
        return countsByKey.getOrDefault(key, 0);
    }

    int countForOccurrence(String occurrenceId) {
        List<ExecutedDebit> list = byOccurrence.get(occurrenceId);
        return list == null ? 0 : list.size();
    }

    /** Occurrences in the order of their first execution, each with its debits in execution order. */
    Map<String, List<ExecutedDebit>> byOccurrence() {
        Map<String, List<ExecutedDebit>> copy = new LinkedHashMap<>();
        byOccurrence.forEach((occurrence, list) -> copy.put(occurrence, List.copyOf(list)));
        return copy;
    }

    List<String> occurrencesExecutedMoreThanOnce() {
        return byOccurrence.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    int size() {
        return debits.size();
    }
}
