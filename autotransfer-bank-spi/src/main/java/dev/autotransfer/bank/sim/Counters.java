package dev.autotransfer.bank.sim;

import java.util.HashMap;
import java.util.Map;

/** Request counters of one simulated bank, for tests and benchmarks. Guarded by the bank's lock. */
final class Counters {

    private final Map<String, Integer> receivedByKey = new HashMap<>();
    long received;
    long inquiries;
    long duplicateDeliveries;
    long lateDeliveries;

    void received(String key) {
        received++;
        receivedByKey.merge(key, 1, Integer::sum);
    }

    int receivedFor(String key) {
        return receivedByKey.getOrDefault(key, 0);
    }
}
