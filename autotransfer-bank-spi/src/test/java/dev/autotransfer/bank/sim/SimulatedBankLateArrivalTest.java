package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatedBankLateArrivalTest {

    final SimFixture sim = new SimFixture(SimulatedBankConfig.custom()
            .timeoutBeforeExecutingProbability(1.0)
            .lateArrivalProbability(1.0)
            .lateArrivalDelay(Duration.ofSeconds(10), Duration.ofSeconds(10))
            .build());

    @Test
    void a_late_request_is_not_found_until_its_delay_passes_then_executes_on_the_next_call() {
        TransferRequest request = sim.request(100);

        assertThat(sim.client.transfer(request)).isInstanceOf(TransferOutcome.Unknown.class);
        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());
        sim.clock.advance(Duration.ofSeconds(9));
        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());
        assertThat(sim.bank.executedDebits()).isEmpty();

        sim.clock.advance(Duration.ofSeconds(1));

        assertThat(sim.client.inquire(request.idempotencyKey())).isInstanceOf(InquiryResult.Executed.class);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
        assertThat(sim.bank.executedDebits().get(0).executedAt()).isEqualTo(SimFixture.START.plusSeconds(10));
    }

    @Test
    void late_requests_are_delivered_by_an_explicit_call_once_due() {
        sim.client.transfer(sim.request(100));

        assertThat(sim.bank.deliverLateRequests()).isZero();
        sim.clock.advance(Duration.ofSeconds(10));
        assertThat(sim.bank.deliverLateRequests()).isEqualTo(1);
        assertThat(sim.bank.pendingLateRequests()).isZero();
    }

    @Test
    void a_resend_after_not_found_executes_and_the_late_original_then_executes_nothing() {
        TransferRequest request = sim.request(100);
        sim.client.transfer(request);
        sim.bank.configure(SimFixture.BANK, SimulatedBankConfig.ofDefaults());

        TransferOutcome resent = sim.client.transfer(request);
        sim.clock.advance(Duration.ofSeconds(10));
        sim.bank.deliverLateRequests();

        assertThat(resent).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.Executed((TransferOutcome.Accepted) resent));
    }

    @Test
    void an_acknowledged_late_request_answers_in_progress_until_it_executes() {
        sim.bank.configure(SimFixture.BANK, SimulatedBankConfig.from(sim.bank.config(SimFixture.BANK))
                .inProgressProbability(1.0).build());
        TransferRequest request = sim.request(100);
        sim.client.transfer(request);
        sim.bank.configure(SimFixture.BANK, SimulatedBankConfig.custom().inProgressProbability(1.0).build());

        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.InProgress());
        assertThat(sim.client.transfer(request)).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.IN_PROGRESS));
        assertThat(sim.bank.executedDebits()).isEmpty();

        sim.clock.advance(Duration.ofSeconds(10));

        assertThat(sim.client.transfer(request)).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void a_scripted_late_arrival_is_held_until_delivered_explicitly() {
        SimFixture quiet = new SimFixture(SimulatedBankConfig.ofDefaults());
        quiet.bank.scriptNextTransfer(SimFixture.BANK, ScriptedFault.LATE_ARRIVAL);
        TransferRequest request = quiet.request(100);

        quiet.client.transfer(request);
        quiet.clock.advance(Duration.ofHours(1));
        assertThat(quiet.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());

        assertThat(quiet.bank.deliverAllLateRequests()).isEqualTo(1);
        assertThat(quiet.client.inquire(request.idempotencyKey())).isInstanceOf(InquiryResult.Executed.class);
    }
}
