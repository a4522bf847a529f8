package dev.autotransfer.bank.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The append-only record of every debit the simulation executed. Guarded by the bank's lock. */
final class DebitOracle {

    private final List<ExecutedDebit> debits = new ArrayList<>();
    private final Map<String, Integer> countsByKey = new HashMap<>();

    void append(ExecutedDebit debit) {
        debits.add(debit);
        countsByKey.merge(debit.idempotencyKey(), 1, Integer::sum);
    }

    List<ExecutedDebit> snapshot() {
        return List.copyOf(debits);
    }

    int count(String key) {
        return countsByKey.getOrDefault(key, 0);
    }

    int size() {
        return debits.size();
    }
}
