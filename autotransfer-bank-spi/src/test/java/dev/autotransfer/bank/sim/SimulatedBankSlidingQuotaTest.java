package dev.autotransfer.bank.sim;

import static dev.autotransfer.bank.sim.SimulatedBankBasicsTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedBankSlidingQuotaTest {

    final SimFixture sim = new SimFixture(SimulatedBankConfig.custom().requestsPerSecond(3).build());

    @Test
    void a_full_window_refuses_across_a_whole_second_boundary_until_its_oldest_admission_is_a_second_old() {
        at(600);
        for (int i = 0; i < 3; i++) {
            assertThat(send()).isInstanceOf(TransferOutcome.Accepted.class);
        }

        at(1_400);
        TransferOutcome afterTheSecondTurned = send();
        at(1_599);
        TransferOutcome justBefore = send();
        at(1_600);
        TransferOutcome exactlyASecondLater = send();

        assertThat(code(afterTheSecondTurned)).as("(0.4 s, 1.4 s] holds 3 admitted").isEqualTo(RejectionCode.RATE_LIMITED);
        assertThat(code(justBefore)).isEqualTo(RejectionCode.RATE_LIMITED);
        assertThat(exactlyASecondLater).as("the window's start is exclusive").isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.faultCounts().rateLimitedAnswers()).isEqualTo(2);
    }

    @Test
    void the_quota_admits_requests_per_second_and_no_more_in_any_sliding_second() {
        int admitted = 0;
        int windowStartIndex = 0;
        long[] admittedAt = new long[400];
        for (int ms = 0; ms < 4_000; ms += 10) {
            at(ms);
            if (send() instanceof TransferOutcome.Accepted) {
                admittedAt[admitted++] = ms;
            }
        }

        for (int i = 0; i < admitted; i++) {
            while (admittedAt[windowStartIndex] <= admittedAt[i] - 1_000) {
                windowStartIndex++;
            }
            assertThat(i - windowStartIndex + 1).as("admitted in the second ending at %d ms", admittedAt[i]).isLessThanOrEqualTo(3);
        }
        assertThat(admitted).as("3 at 0 ms, then 3 in each later second").isEqualTo(12);
        assertThat(sim.bank.faultCounts().rateLimitedAnswers()).isEqualTo(400 - 12);
    }

    @Test
    void refused_requests_use_no_quota_but_count_as_arrivals() {
        at(0);
        send();
        send();
        send();
        send();
        at(500);
        TransferOutcome refused = send();
        at(1_000);
        TransferOutcome admitted = send();

        assertThat(code(refused)).isEqualTo(RejectionCode.RATE_LIMITED);
        assertThat(admitted).as("only the 3 admitted at 0 ms filled the window, and they left it").isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.maxObservedRequestsPerSecond(SimFixture.BANK)).as("4 at 0 ms and 1 at 500 ms arrived").isEqualTo(5);
        assertThat(sim.bank.faultCounts(SimFixture.BANK).rateLimitedAnswers()).isEqualTo(2);
    }

    @Test
    void requests_at_one_instant_count_one_by_one() {
        SimFixture frozen = new SimFixture(SimulatedBankConfig.custom().requestsPerSecond(1_000).build());
        int accepted = 0;
        for (int i = 0; i < 1_500; i++) {
            if (frozen.client.transfer(frozen.request(1)) instanceof TransferOutcome.Accepted) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(1_000);
        assertThat(frozen.bank.faultCounts().rateLimitedAnswers()).isEqualTo(500);
        assertThat(frozen.bank.maxObservedRequestsPerSecond(SimFixture.BANK)).isEqualTo(1_500);
    }

    @Test
    void each_bank_counts_its_own_quota_and_refusals() {
        sim.bank.configure("005", SimulatedBankConfig.custom().requestsPerSecond(1).build());
        AccountRef other = AccountRef.of("005", "3003-3344-5566");
        sim.bank.openAccount(other, Money.krw(1_000));
        for (int i = 0; i < 4; i++) {
            send();
        }
        for (int i = 0; i < 2; i++) {
            sim.bank.client("005").transfer(new TransferRequest("o:" + i, other, sim.external, Money.krw(1), "test",
                    sim.clock.instant()));
        }

        assertThat(sim.bank.faultCounts(SimFixture.BANK).rateLimitedAnswers()).isEqualTo(1);
        assertThat(sim.bank.faultCounts("005").rateLimitedAnswers()).isEqualTo(1);
        assertThat(sim.bank.faultCounts().rateLimitedAnswers()).isEqualTo(2);
        assertThat(sim.bank.maxObservedRequestsPerSecond(SimFixture.BANK)).isEqualTo(4);
        assertThat(sim.bank.maxObservedRequestsPerSecond("005")).isEqualTo(2);
    }

    @Test
    void a_transfer_is_counted_when_it_arrives_not_when_the_bank_gets_round_to_it() throws Exception {
        at(0);
        send();
        send();
        send();
        java.util.concurrent.CompletableFuture<TransferOutcome> queued;
        synchronized (sim.bank.lock) {
            // the bank is busy: a transfer arriving at 500 ms queues for its processing
            at(500);
            queued = java.util.concurrent.CompletableFuture.supplyAsync(this::send);
            BankDesk desk = sim.bank.desk(SimFixture.BANK);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (desk.maxObservedPerSecond() < 4 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            at(2_000);
        }

        assertThat(code(queued.get(10, java.util.concurrent.TimeUnit.SECONDS)))
                .as("it arrived within the second of the first three, though processed after it").isEqualTo(RejectionCode.RATE_LIMITED);
        assertThat(sim.bank.maxObservedRequestsPerSecond(SimFixture.BANK)).isEqualTo(4);
    }

    private TransferOutcome send() {
        TransferRequest request = sim.request(1);
        return sim.client.transfer(request);
    }

    private void at(long millis) {
        sim.clock.setInstant(SimFixture.START.plusMillis(millis));
    }
}
