package dev.autotransfer.examples.http;

import dev.autotransfer.bank.sim.SimulatedBankConfig;
import java.time.Duration;

/**
 * The contract over HTTP again, with the simulated bank's random faults switched on as in its own
 * under-faults contract test (slow answers, timeouts before and after executing, late arrival,
 * duplicate delivery, "in progress", random refusals, two outages, a tight quota, a short key
 * retention): lost answers reach the client as dropped connections, outages with a known key as 503s.
 */
class HttpBankClientUnderFaultsContractTest extends HttpBankClientContractTest {

    @Override
    SimulatedBankConfig config() {
        return SimulatedBankConfig.custom()
                .randomLatency(Duration.ofMillis(5), Duration.ofMillis(400))
                .timeoutBeforeExecutingProbability(0.15)
                .timeoutAfterExecutingProbability(0.15)
                .lateArrivalProbability(0.5)
                .lateArrivalDelay(Duration.ofMillis(500), Duration.ofSeconds(4))
                .inProgressProbability(0.5)
                .duplicateDeliveryProbability(0.2)
                .insufficientFundsProbability(0.03)
                .accountClosedProbability(0.03)
                .invalidAccountProbability(0.03)
                .outage(START.plusSeconds(1), START.plusSeconds(4))
                .outage(START.plusSeconds(30), START.plusSeconds(40))
                .requestsPerSecond(3)
                .keyRetention(Duration.ofHours(2))
                .build();
    }
}
