package dev.autotransfer.bank.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * Request and fault counters of one simulated bank, for tests and benchmarks. Guarded by the bank's lock.
 *
 * <p>The fault counters count faults drawn from the config's probabilities ("random"), or met because
 * of the config (outages, quota, concurrency limit, retention); scripted faults are counted apart in {@link #scriptedFaults}.
 */
final class Counters {

    private final Map<String, Integer> receivedByKey = new HashMap<>();
    long received;
    long inquiries;
    long duplicateDeliveries;
    long lateDeliveries;

    long scriptedFaults;
    long randomTimeoutsBeforeExecuting;
    long randomTimeoutsAfterExecuting;
    long randomLateArrivals;
    long randomAcknowledgedLateArrivals;
    long randomDuplicateDeliveries;
    long randomInsufficientFunds;
    long randomAccountsClosed;
    long randomInvalidAccounts;
    long randomWrongEchoes;
    long randomSystemFailures;
    long inProgressAnswers;
    long rateLimitedAnswers;
    long concurrencyLimitedCalls;
    long outageTransfers;
    long outageInquiries;
    long expiredRequests;

    void received(String key) {
        received++;
        receivedByKey.merge(key, 1, Integer::sum);
    }

    int receivedFor(String key) {
        return receivedByKey.getOrDefault(key, 0);
    }

    FaultCounts faultCounts(long forgottenKeys) {
        return new FaultCounts(randomTimeoutsBeforeExecuting, randomTimeoutsAfterExecuting, randomLateArrivals,
                randomAcknowledgedLateArrivals, randomDuplicateDeliveries, randomInsufficientFunds,
                randomAccountsClosed, randomInvalidAccounts, randomWrongEchoes, randomSystemFailures, inProgressAnswers,
                rateLimitedAnswers, concurrencyLimitedCalls, outageTransfers, outageInquiries, expiredRequests, forgottenKeys, lateDeliveries, scriptedFaults);
    }
}
