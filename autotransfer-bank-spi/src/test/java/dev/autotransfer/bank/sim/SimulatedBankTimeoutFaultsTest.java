package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatedBankTimeoutFaultsTest {

    static final TransferOutcome.Unknown TIMEOUT_BEFORE = new TransferOutcome.Unknown(UnknownReason.TIMEOUT,
            "simulated: timed out before the bank executed the request");

    @Test
    void fixed_latency_is_spent_through_the_sleeper_on_transfers_and_inquiries() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().fixedLatency(Duration.ofMillis(250)).build());

        TransferRequest request = sim.request(100);
        sim.client.transfer(request);
        sim.client.inquire(request.idempotencyKey());

        assertThat(sim.clock.instant()).isEqualTo(SimFixture.START.plusMillis(500));
        assertThat(sim.bank.executedDebits().get(0).executedAt()).isEqualTo(SimFixture.START.plusMillis(250));
    }

    @Test
    void random_latency_stays_within_its_range() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom()
                .randomLatency(Duration.ofMillis(100), Duration.ofMillis(200)).build());

        for (int i = 0; i < 50; i++) {
            var before = sim.clock.instant();
            sim.client.transfer(sim.request(1));
            assertThat(Duration.between(before, sim.clock.instant())).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        }
    }

    @Test
    void a_timeout_before_executing_answers_unknown_and_moves_nothing() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().timeoutBeforeExecutingProbability(1.0).build());
        TransferRequest request = sim.request(100);

        assertThat(sim.client.transfer(request)).isEqualTo(TIMEOUT_BEFORE);
        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());
        assertThat(sim.bank.executedDebits()).isEmpty();
        assertThat(sim.bank.pendingLateRequests()).isZero();
    }

    @Test
    void a_timeout_after_executing_answers_unknown_but_the_money_moved() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().timeoutAfterExecutingProbability(1.0).build());
        TransferRequest request = sim.request(100);

        TransferOutcome outcome = sim.client.transfer(request);

        assertThat(outcome).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.TIMEOUT));
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
        assertThat(sim.client.inquire(request.idempotencyKey())).isInstanceOf(InquiryResult.Executed.class);
        assertThat(sim.client.transfer(request)).isInstanceOf(TransferOutcome.Unknown.class);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void a_scripted_server_error_after_executing_answers_bank_error_and_the_money_moved() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.ofDefaults());
        sim.bank.scriptNextTransfer(SimFixture.BANK, ScriptedFault.SERVER_ERROR_AFTER_EXECUTING);
        TransferRequest request = sim.request(100);

        TransferOutcome outcome = sim.client.transfer(request);

        assertThat(outcome).isInstanceOfSatisfying(TransferOutcome.Unknown.class, u -> {
            assertThat(u.reason()).isEqualTo(UnknownReason.BANK_ERROR);
            assertThat(u.detail()).contains("503");
        });
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
        InquiryResult inquiry = sim.client.inquire(request.idempotencyKey());
        assertThat(inquiry).isInstanceOf(InquiryResult.Executed.class);
        assertThat(sim.client.transfer(request)).isEqualTo(((InquiryResult.Executed) inquiry).answer());
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
        assertThat(sim.bank.faultCounts().scriptedFaults()).isEqualTo(1);
    }

    @Test
    void a_scripted_server_error_after_a_refusal_still_answers_bank_error_and_inquiry_reports_the_refusal() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.ofDefaults());
        sim.bank.scriptNextTransfer(SimFixture.BANK, ScriptedFault.SERVER_ERROR_AFTER_EXECUTING);
        TransferRequest request = sim.request(2_000_000);

        assertThat(sim.client.transfer(request)).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.BANK_ERROR));
        assertThat(sim.client.inquire(request.idempotencyKey())).isInstanceOf(InquiryResult.Rejected.class);
        assertThat(sim.bank.executedDebits()).isEmpty();
    }

    @Test
    void fault_counts_separate_random_faults_from_scripted_ones() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().timeoutBeforeExecutingProbability(1.0).build());
        sim.bank.scriptNextTransfer(SimFixture.BANK, ScriptedFault.TIMEOUT_BEFORE_EXECUTING);

        sim.client.transfer(sim.request(1));
        sim.client.transfer(sim.request(1));
        sim.client.transfer(sim.request(1));

        assertThat(sim.bank.faultCounts().scriptedFaults()).isEqualTo(1);
        assertThat(sim.bank.faultCounts().randomTimeoutsBeforeExecuting()).isEqualTo(2);
        assertThat(sim.bank.faultCounts().neverHit(java.util.List.of("randomTimeoutsBeforeExecuting", "outageTransfers")))
                .containsExactly("outageTransfers");
    }

    @Test
    void timeout_probabilities_hit_about_their_share_of_calls() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().timeoutBeforeExecutingProbability(0.3).build());

        int timeouts = 0;
        for (int i = 0; i < 1_000; i++) {
            if (sim.client.transfer(sim.request(1)) instanceof TransferOutcome.Unknown) {
                timeouts++;
            }
        }

        assertThat(timeouts).isBetween(230, 370);
        assertThat(sim.bank.executedDebits()).hasSize(1_000 - timeouts);
    }

    @Test
    void a_duplicate_delivery_is_processed_twice_but_executes_once() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().duplicateDeliveryProbability(1.0).build());
        TransferRequest request = sim.request(100);

        assertThat(sim.client.transfer(request)).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.duplicateDeliveries()).isEqualTo(1);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void scripted_faults_apply_to_the_next_calls_in_order() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.ofDefaults());
        sim.bank.scriptNextTransfer(SimFixture.BANK, ScriptedFault.TIMEOUT_BEFORE_EXECUTING, ScriptedFault.TIMEOUT_AFTER_EXECUTING);
        TransferRequest request = sim.request(100);

        assertThat(sim.client.transfer(request)).isEqualTo(TIMEOUT_BEFORE);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isZero();
        assertThat(sim.client.transfer(request)).isInstanceOf(TransferOutcome.Unknown.class);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
        assertThat(sim.client.transfer(request)).isInstanceOf(TransferOutcome.Accepted.class);
    }
}
