package dev.autotransfer.bank.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often a simulated bank actually hit each fault, so a test that claims to run "under every fault"
 * can prove it did, for example {@code assertThat(bank.faultCounts().neverHit()).isEmpty()}.
 *
 * <p>The {@code random...} counts are faults drawn from the config's probabilities; faults forced with
 * {@link SimulatedBank#scriptNextTransfer} are not in them, only in {@link #scriptedFaults()}. The other
 * counts are answers the config caused (quota, concurrency limit, outage, retention) or "in progress" answers.
 *
 * <p>Immutable and thread-safe.
 *
 * @param randomTimeoutsBeforeExecuting requests lost before executing, answered {@code Unknown(TIMEOUT)}
 * @param randomTimeoutsAfterExecuting requests processed whose answer was lost ({@code Unknown(TIMEOUT)})
 * @param randomLateArrivals lost requests that were set to arrive late
 * @param randomAcknowledgedLateArrivals late requests the bank acknowledged as queued ("in progress")
 * @param randomDuplicateDeliveries requests processed twice internally
 * @param randomInsufficientFunds {@code INSUFFICIENT_FUNDS} refusals drawn (not from a really short balance)
 * @param randomAccountsClosed {@code ACCOUNT_CLOSED} refusals drawn
 * @param randomInvalidAccounts {@code INVALID_ACCOUNT} refusals drawn
 * @param randomWrongEchoes executed requests answered with a corrupted echo
 * @param randomSystemFailures transfers failed by a {@link SimulatedBankConfig.FailureChange} in effect
 * @param inProgressAnswers transfers answered {@code Unknown(IN_PROGRESS)} and inquiries answered {@code InProgress}
 * @param rateLimitedAnswers transfers refused {@code RATE_LIMITED} by the quota
 * @param concurrencyLimitedCalls transfers refused {@link SimulatedBank#CONCURRENCY_LIMITED} and inquiries
 *     answered {@code Unavailable} because the limit of calls in flight was reached
 * @param outageTransfers transfers answered during an outage
 * @param outageInquiries inquiries answered during an outage
 * @param expiredRequests requests refused {@code REQUEST_EXPIRED}
 * @param forgottenKeys keys forgotten because their retention passed
 * @param lateDeliveries late requests delivered (random or scripted)
 * @param scriptedFaults scripted faults used
 */
public record FaultCounts(long randomTimeoutsBeforeExecuting, long randomTimeoutsAfterExecuting,
        long randomLateArrivals, long randomAcknowledgedLateArrivals, long randomDuplicateDeliveries,
        long randomInsufficientFunds, long randomAccountsClosed, long randomInvalidAccounts, long randomWrongEchoes,
        long randomSystemFailures, long inProgressAnswers, long rateLimitedAnswers, long concurrencyLimitedCalls,
        long outageTransfers, long outageInquiries, long expiredRequests,
        long forgottenKeys, long lateDeliveries, long scriptedFaults) {

    /** No fault hit. */
    public static final FaultCounts NONE = new FaultCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of two counts, for example over the banks of several test instances. */
    public FaultCounts plus(FaultCounts other) {
        return new FaultCounts(randomTimeoutsBeforeExecuting + other.randomTimeoutsBeforeExecuting,
                randomTimeoutsAfterExecuting + other.randomTimeoutsAfterExecuting,
                randomLateArrivals + other.randomLateArrivals,
                randomAcknowledgedLateArrivals + other.randomAcknowledgedLateArrivals,
                randomDuplicateDeliveries + other.randomDuplicateDeliveries,
                randomInsufficientFunds + other.randomInsufficientFunds,
                randomAccountsClosed + other.randomAccountsClosed,
                randomInvalidAccounts + other.randomInvalidAccounts,
                randomWrongEchoes + other.randomWrongEchoes,
                randomSystemFailures + other.randomSystemFailures,
                inProgressAnswers + other.inProgressAnswers,
                rateLimitedAnswers + other.rateLimitedAnswers,
                concurrencyLimitedCalls + other.concurrencyLimitedCalls,
                outageTransfers + other.outageTransfers,
                outageInquiries + other.outageInquiries,
                expiredRequests + other.expiredRequests,
                forgottenKeys + other.forgottenKeys,
                lateDeliveries + other.lateDeliveries,
                scriptedFaults + other.scriptedFaults);
    }

    /** Every count by its component name, in declaration order. */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("randomTimeoutsBeforeExecuting", randomTimeoutsBeforeExecuting);
        map.put("randomTimeoutsAfterExecuting", randomTimeoutsAfterExecuting);
        map.put("randomLateArrivals", randomLateArrivals);
        map.put("randomAcknowledgedLateArrivals", randomAcknowledgedLateArrivals);
        map.put("randomDuplicateDeliveries", randomDuplicateDeliveries);
        map.put("randomInsufficientFunds", randomInsufficientFunds);
        map.put("randomAccountsClosed", randomAccountsClosed);
        map.put("randomInvalidAccounts", randomInvalidAccounts);
        map.put("randomWrongEchoes", randomWrongEchoes);
        map.put("randomSystemFailures", randomSystemFailures);
        map.put("inProgressAnswers", inProgressAnswers);
        map.put("rateLimitedAnswers", rateLimitedAnswers);
        map.put("concurrencyLimitedCalls", concurrencyLimitedCalls);
        map.put("outageTransfers", outageTransfers);
        map.put("outageInquiries", outageInquiries);
        map.put("expiredRequests", expiredRequests);
        map.put("forgottenKeys", forgottenKeys);
        map.put("lateDeliveries", lateDeliveries);
        map.put("scriptedFaults", scriptedFaults);
        return map;
    }

    /** The names (as in {@link #asMap()}) of the given counts that are still zero. */
    public List<String> neverHit(List<String> names) {
        Map<String, Long> map = asMap();
        for (String name : names) {
            if (!map.containsKey(name)) {
                throw new IllegalArgumentException("no fault count named '" + name + "'; known: " + map.keySet());
            }
        }
        return names.stream().filter(name -> map.get(name) == 0).toList();
    }
}
