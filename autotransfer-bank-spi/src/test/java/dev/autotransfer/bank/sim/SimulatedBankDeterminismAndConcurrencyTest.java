package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatedBankDeterminismAndConcurrencyTest {

    static SimulatedBankConfig everyFault() {
        return SimulatedBankConfig.custom()
                .randomLatency(Duration.ZERO, Duration.ofMillis(300))
                .timeoutBeforeExecutingProbability(0.2).timeoutAfterExecutingProbability(0.2)
                .lateArrivalProbability(0.5).lateArrivalDelay(Duration.ofMillis(100), Duration.ofSeconds(3))
                .inProgressProbability(0.5).duplicateDeliveryProbability(0.2)
                .insufficientFundsProbability(0.05).accountClosedProbability(0.05).invalidAccountProbability(0.05)
                .wrongEchoProbability(0.05).requestsPerSecond(10)
                .outage(SimFixture.START.plusSeconds(20), SimFixture.START.plusSeconds(25))
                .keyRetention(Duration.ofMinutes(10))
                .build();
    }

    static List<String> run(long seed) {
        SimFixture sim = new SimFixture(everyFault(), seed);
        List<String> answers = new ArrayList<>();
        List<TransferRequest> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            TransferRequest request = i % 3 == 0 && !requests.isEmpty() ? requests.get(i % requests.size()) : sim.request(100);
            requests.add(request);
            answers.add(sim.client.transfer(request).toString());
            answers.add(sim.client.inquire(request.idempotencyKey()).toString());
            sim.clock.advance(Duration.ofMillis(150));
        }
        sim.bank.executedDebits().forEach(debit -> answers.add(debit.toString()));
        return answers;
    }

    @Test
    void the_same_seed_replays_the_same_run() {
        assertThat(run(99)).isEqualTo(run(99)).isNotEqualTo(run(100));
    }

    @Test
    void under_every_fault_no_key_executes_twice_and_money_is_conserved() {
        SimFixture sim = new SimFixture(everyFault(), 5);
        List<TransferRequest> requests = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            TransferRequest request = i % 2 == 0 && !requests.isEmpty() ? requests.get(i / 3) : sim.request(100);
            requests.add(request);
            sim.client.transfer(request);
            sim.clock.advance(Duration.ofMillis(200));
        }
        sim.clock.advance(Duration.ofSeconds(5));
        sim.bank.deliverLateRequests();

        requests.forEach(r -> assertThat(sim.bank.executionCount(r.idempotencyKey())).as(r.idempotencyKey()).isLessThanOrEqualTo(1));
        long debited = sim.bank.executedDebits().stream().mapToLong(d -> d.amount().minorUnits()).sum();
        assertThat(sim.bank.balance(sim.source)).isEqualTo(Money.krw(1_000_000 - debited));
        assertThat(sim.bank.balance(sim.destination)).isEqualTo(Money.krw(debited));
        assertThat(sim.bank.duplicateDeliveries()).isPositive();
        assertThat(sim.bank.maxObservedRequestsPerSecond(SimFixture.BANK)).isGreaterThan(1);
    }

    @Test
    void concurrent_clients_on_many_keys_never_execute_a_key_twice() throws Exception {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().duplicateDeliveryProbability(0.3)
                .timeoutAfterExecutingProbability(0.2).build(), 11);
        List<TransferRequest> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(sim.request(10));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                futures.add(pool.submit(() -> requests.forEach(r -> {
                    TransferOutcome outcome = sim.client.transfer(r);
                    assertThat(outcome).isNotNull();
                })));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }

        requests.forEach(r -> assertThat(sim.bank.executionCount(r.idempotencyKey())).isEqualTo(1));
        assertThat(sim.bank.balance(sim.source)).isEqualTo(Money.krw(1_000_000 - 50 * 10));
        assertThat(sim.bank.totalRequests()).isEqualTo(400);
    }
}
