package dev.autotransfer.bank.sim;

import static dev.autotransfer.bank.sim.SimulatedBankBasicsTest.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedBankConcurrencyLimitTest {

    final HoldingSleeper sleeper = new HoldingSleeper();
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        sleeper.releaseAll();
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void a_transfer_arriving_while_the_limit_is_in_flight_is_refused_as_not_sent_and_never_executes() throws Exception {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().maxConcurrentCalls(2).build(), sleeper);
        Future<TransferOutcome> first = call(() -> sim.client.transfer(sim.request(1)));
        Future<TransferOutcome> second = call(() -> sim.client.transfer(sim.request(1)));
        sleeper.awaitHeld(2);
        TransferRequest third = sim.request(1);

        Future<TransferOutcome> refused = call(() -> sim.client.transfer(third));
        sleeper.awaitHeld(1);
        int inFlightWhileRefusedIsHeld = sim.bank.callsInFlight(SimFixture.BANK);
        sleeper.releaseAll();

        assertThat(inFlightWhileRefusedIsHeld).as("a refused call is not in flight").isEqualTo(2);
        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(second.get(10, TimeUnit.SECONDS)).isInstanceOf(TransferOutcome.Accepted.class);
        TransferOutcome answer = refused.get(10, TimeUnit.SECONDS);
        assertThat(code(answer)).isEqualTo(SimulatedBank.CONCURRENCY_LIMITED);
        assertThat(code(answer).kind()).isEqualTo(RejectionCode.Kind.NOT_SENT);
        assertThat(sim.bank.executionCount(third.idempotencyKey())).isZero();
        assertThat(sim.client.inquire(third.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());
        assertThat(sim.bank.faultCounts(SimFixture.BANK).concurrencyLimitedCalls()).isEqualTo(1);
        assertThat(sim.bank.maxCallsInFlight(SimFixture.BANK)).isEqualTo(2);
        assertThat(sim.bank.callsInFlight(SimFixture.BANK)).isZero();
    }

    @Test
    void the_refused_key_executes_when_re_sent_once_a_call_has_answered() throws Exception {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().maxConcurrentCalls(1).build(), sleeper);
        Future<TransferOutcome> holding = call(() -> sim.client.transfer(sim.request(1)));
        sleeper.awaitHeld(1);
        TransferRequest refused = sim.request(1);
        Future<TransferOutcome> first = call(() -> sim.client.transfer(refused));
        sleeper.awaitHeld(1);
        sleeper.releaseAll();
        holding.get(10, TimeUnit.SECONDS);

        TransferOutcome resent = sim.client.transfer(refused);

        assertThat(code(first.get(10, TimeUnit.SECONDS))).isEqualTo(SimulatedBank.CONCURRENCY_LIMITED);
        assertThat(resent).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.executionCount(refused.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void inquiries_count_as_in_flight_and_are_answered_unavailable_over_the_limit() throws Exception {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().maxConcurrentCalls(1).build(), sleeper);
        TransferRequest known = sim.request(1);
        Future<InquiryResult> inquiring = call(() -> sim.client.inquire(known.idempotencyKey()));
        sleeper.awaitHeld(1);

        Future<TransferOutcome> transfer = call(() -> sim.client.transfer(known));
        Future<InquiryResult> secondInquiry = call(() -> sim.client.inquire(known.idempotencyKey()));
        sleeper.awaitHeld(2);
        sleeper.releaseAll();

        assertThat(inquiring.get(10, TimeUnit.SECONDS)).isEqualTo(new InquiryResult.NotFound());
        assertThat(code(transfer.get(10, TimeUnit.SECONDS))).isEqualTo(SimulatedBank.CONCURRENCY_LIMITED);
        assertThat(secondInquiry.get(10, TimeUnit.SECONDS)).isInstanceOf(InquiryResult.Unavailable.class);
        assertThat(sim.bank.faultCounts().concurrencyLimitedCalls()).isEqualTo(2);
        assertThat(sim.bank.totalInquiries()).isEqualTo(2);
    }

    @Test
    void a_call_refused_for_concurrency_uses_none_of_the_quota() throws Exception {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().maxConcurrentCalls(1).requestsPerSecond(2).build(),
                sleeper);
        Future<TransferOutcome> holding = call(() -> sim.client.transfer(sim.request(1)));
        sleeper.awaitHeld(1);
        Future<TransferOutcome> refused = call(() -> sim.client.transfer(sim.request(1)));
        sleeper.awaitHeld(1);
        sleeper.releaseAll();
        holding.get(10, TimeUnit.SECONDS);
        refused.get(10, TimeUnit.SECONDS);

        TransferOutcome second = sim.client.transfer(sim.request(1));
        TransferOutcome third = sim.client.transfer(sim.request(1));

        assertThat(second).as("the quota's second request, in the same instant").isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(code(third)).isEqualTo(RejectionCode.RATE_LIMITED);
        assertThat(sim.bank.maxObservedRequestsPerSecond(SimFixture.BANK)).as("every arrival counts").isEqualTo(4);
    }

    @Test
    void without_a_limit_the_highest_number_in_flight_is_still_recorded() throws Exception {
        SimFixture sim = new SimFixture(SimulatedBankConfig.ofDefaults(), sleeper);
        List<Future<TransferOutcome>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(call(() -> sim.client.transfer(sim.request(1))));
        }
        sleeper.awaitHeld(5);
        int inFlight = sim.bank.callsInFlight(SimFixture.BANK);
        sleeper.releaseAll();
        for (Future<TransferOutcome> c : calls) {
            assertThat(c.get(10, TimeUnit.SECONDS)).isInstanceOf(TransferOutcome.Accepted.class);
        }

        assertThat(inFlight).isEqualTo(5);
        assertThat(sim.bank.maxCallsInFlight(SimFixture.BANK)).isEqualTo(5);
        assertThat(sim.bank.callsInFlight(SimFixture.BANK)).isZero();
        assertThat(sim.bank.config(SimFixture.BANK).maxConcurrentCalls()).isEmpty();
    }

    @Test
    void a_call_whose_latency_cannot_be_spent_leaves_the_count_in_flight() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().maxConcurrentCalls(1).build(), duration -> {
            throw new IllegalStateException("interrupted while simulating latency");
        });

        assertThatThrownBy(() -> sim.client.transfer(sim.request(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sim.client.inquire("k:404")).isInstanceOf(IllegalStateException.class);

        assertThat(sim.bank.callsInFlight(SimFixture.BANK)).isZero();
        assertThat(sim.bank.maxCallsInFlight(SimFixture.BANK)).isEqualTo(1);
        assertThat(sim.bank.faultCounts().concurrencyLimitedCalls()).isZero();
    }

    private <T> Future<T> call(Callable<T> task) {
        return threads.submit(task);
    }
}
