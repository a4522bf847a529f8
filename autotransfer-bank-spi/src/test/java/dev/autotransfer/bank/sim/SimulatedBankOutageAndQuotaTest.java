package dev.autotransfer.bank.sim;

import static dev.autotransfer.bank.sim.SimulatedBankBasicsTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedBankOutageAndQuotaTest {

    static final Instant DOWN = SimFixture.START.plusSeconds(60);
    static final Instant UP = SimFixture.START.plusSeconds(120);

    final SimFixture outage = new SimFixture(SimulatedBankConfig.custom().outage(DOWN, UP).build());

    @Test
    void during_an_outage_a_new_key_is_refused_as_a_retryable_system_failure_and_stays_refused() {
        outage.clock.setInstant(DOWN);
        TransferRequest request = outage.request(100);

        TransferOutcome during = outage.client.transfer(request);
        outage.clock.setInstant(UP);

        assertThat(during).isInstanceOfSatisfying(TransferOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.REFUSED_UNAVAILABLE);
            assertThat(r.code().kind()).isEqualTo(RejectionCode.Kind.SYSTEM);
            assertThat(r.retryable()).isTrue();
        });
        assertThat(outage.client.transfer(request)).isEqualTo(during);
        assertThat(outage.bank.executedDebits()).isEmpty();
    }

    @Test
    void during_an_outage_an_expired_request_is_refused_as_expired_not_with_a_key_closing_outage_refusal() {
        outage.clock.setInstant(DOWN);
        TransferRequest expired = outage.request(100).withCreatedAt(DOWN.minus(Duration.ofHours(25)));

        TransferOutcome during = outage.client.transfer(expired);
        outage.clock.setInstant(UP);

        assertThat(code(during)).isEqualTo(RejectionCode.REQUEST_EXPIRED);
        assertThat(outage.client.inquire(expired.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());
        assertThat(code(outage.client.transfer(expired))).isEqualTo(RejectionCode.REQUEST_EXPIRED);
        assertThat(outage.bank.faultCounts().expiredRequests()).isEqualTo(2);
        assertThat(outage.bank.faultCounts().outageTransfers()).isEqualTo(1);
    }

    @Test
    void during_an_outage_inquiries_are_unavailable_and_known_keys_answer_bank_error() {
        TransferRequest executed = outage.request(100);
        outage.client.transfer(executed);
        outage.clock.setInstant(DOWN.plusSeconds(1));

        assertThat(outage.client.inquire(executed.idempotencyKey())).isInstanceOf(InquiryResult.Unavailable.class);
        assertThat(outage.client.transfer(executed)).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.BANK_ERROR));
        outage.clock.setInstant(UP);
        assertThat(outage.client.inquire(executed.idempotencyKey())).isInstanceOf(InquiryResult.Executed.class);
        assertThat(outage.bank.executionCount(executed.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void late_requests_wait_out_an_outage() {
        outage.bank.configure(SimFixture.BANK, SimulatedBankConfig.from(outage.bank.config(SimFixture.BANK))
                .timeoutBeforeExecutingProbability(1.0).lateArrivalProbability(1.0)
                .lateArrivalDelay(Duration.ofSeconds(70), Duration.ofSeconds(70)).build());
        TransferRequest request = outage.request(100);
        outage.client.transfer(request);

        outage.clock.setInstant(DOWN.plusSeconds(30));
        assertThat(outage.bank.deliverLateRequests()).isZero();
        outage.clock.setInstant(UP);

        assertThat(outage.bank.deliverLateRequests()).isEqualTo(1);
        assertThat(outage.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void requests_over_the_quota_are_refused_as_not_sent_and_the_next_second_admits_again() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().requestsPerSecond(3).build());
        TransferRequest fourth = null;
        for (int i = 0; i < 3; i++) {
            assertThat(sim.client.transfer(sim.request(1))).isInstanceOf(TransferOutcome.Accepted.class);
        }
        fourth = sim.request(1);

        TransferOutcome limited = sim.client.transfer(fourth);

        assertThat(code(limited)).isEqualTo(RejectionCode.RATE_LIMITED);
        assertThat(code(limited).kind()).isEqualTo(RejectionCode.Kind.NOT_SENT);
        assertThat(sim.client.inquire(fourth.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());
        assertThat(sim.client.terms().requestsPerSecond()).isEqualTo(3);
        sim.clock.advance(Duration.ofSeconds(1));
        assertThat(sim.client.transfer(fourth)).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.executedDebits()).hasSize(4);
    }

    @Test
    void the_highest_rate_over_any_sliding_second_is_recorded() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.ofDefaults());
        sim.clock.setInstant(SimFixture.START.plusMillis(600));
        for (int i = 0; i < 3; i++) {
            sim.client.transfer(sim.request(1));
        }
        sim.clock.setInstant(SimFixture.START.plusMillis(1_400));
        for (int i = 0; i < 4; i++) {
            sim.client.transfer(sim.request(1));
        }
        sim.clock.setInstant(SimFixture.START.plusMillis(2_500));
        sim.client.transfer(sim.request(1));

        assertThat(sim.bank.maxObservedRequestsPerSecond(SimFixture.BANK)).as("3 at .6s and 4 at 1.4s, in two fixed seconds").isEqualTo(7);
    }
}
