package dev.autotransfer.bank.sim;

import java.time.Duration;

/**
 * The simulated bank passes the BankClient contract with every fault it has switched on at random
 * (slow answers, timeouts before and after execution, late arrival, duplicate delivery, "in
 * progress", rejections, an outage, a tight quota, a short key retention), from a fixed seed;
 * {@code -Dsimulation.seed=N} replays another. Only the wrong echo, a deliberate contract breach, is off.
 */
class SimulatedBankUnderFaultsContractTest extends SimulatedBankContractTest {

    @Override
    long seed() {
        return SimulationSeed.get(20261125L);
    }

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
                .outage(START.plusSeconds(40), START.plusSeconds(50))
                .requestsPerSecond(5)
                .keyRetention(Duration.ofHours(2))
                .build();
    }
}
