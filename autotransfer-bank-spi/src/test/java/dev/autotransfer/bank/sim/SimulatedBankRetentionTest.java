package dev.autotransfer.bank.sim;

import static dev.autotransfer.bank.sim.SimulatedBankBasicsTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SimulatedBankRetentionTest {

    final SimFixture sim = new SimFixture(SimulatedBankConfig.custom().keyRetention(Duration.ofHours(1)).build());

    @Test
    void after_the_retention_the_bank_forgets_the_key_and_a_fresh_resend_executes_again() {
        TransferRequest request = sim.request(100);
        sim.client.transfer(request);
        sim.clock.advance(Duration.ofHours(1));

        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());
        assertThat(sim.bank.forgottenKeys()).isEqualTo(1);
        TransferOutcome again = sim.client.transfer(request.withCreatedAt(sim.clock.instant()));

        assertThat(again).as("why the engine must stop re-sending before the retention ends")
                .isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(2);
    }

    @Test
    void a_resend_of_the_recorded_request_after_the_retention_is_refused_as_expired() {
        TransferRequest request = sim.request(100);
        sim.client.transfer(request);
        sim.clock.advance(Duration.ofHours(1));

        TransferOutcome outcome = sim.client.transfer(request);

        assertThat(code(outcome)).isEqualTo(RejectionCode.REQUEST_EXPIRED);
        assertThat(((TransferOutcome.Rejected) outcome).retryable()).isFalse();
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
        assertThat(sim.client.inquire(request.idempotencyKey())).as("an expired request is not recorded against the key")
                .isEqualTo(new InquiryResult.NotFound());
    }

    @Test
    void within_the_retention_the_key_is_remembered() {
        TransferRequest request = sim.request(100);
        TransferOutcome first = sim.client.transfer(request);
        sim.clock.advance(Duration.ofMinutes(59));

        assertThat(sim.client.transfer(request)).isEqualTo(first);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void a_request_created_longer_ago_than_the_retention_never_executes() {
        TransferRequest old = sim.request(100);
        sim.clock.advance(Duration.ofMinutes(61));

        assertThat(code(sim.client.transfer(old))).isEqualTo(RejectionCode.REQUEST_EXPIRED);
        assertThat(sim.bank.executedDebits()).isEmpty();
    }

    @Test
    void a_per_day_retention_forgets_keys_at_midnight_in_the_banks_zone() {
        ZoneId seoul = ZoneId.of("Asia/Seoul");
        SimFixture daily = new SimFixture(SimulatedBankConfig.custom().keyRetention(KeyRetention.perCalendarDay(seoul)).build());
        daily.clock.setInstant(java.time.Instant.parse("2026-11-25T14:30:00Z"));
        TransferRequest request = daily.request(100);
        daily.client.transfer(request);

        daily.clock.setInstant(java.time.Instant.parse("2026-11-25T14:59:59Z"));
        assertThat(daily.client.inquire(request.idempotencyKey())).isInstanceOf(InquiryResult.Executed.class);
        daily.clock.setInstant(java.time.Instant.parse("2026-11-25T15:00:00Z"));
        assertThat(daily.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());
        assertThat(daily.client.terms().keyRetention()).isEqualTo(KeyRetention.perCalendarDay(seoul));
    }
}
