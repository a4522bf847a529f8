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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedBankTimedChangesTest {

    static final Instant SLOW = SimFixture.START.plusSeconds(10);
    static final Instant FAST_AGAIN = SimFixture.START.plusSeconds(20);

    @Test
    void from_an_instant_latency_is_multiplied_until_a_later_change_restores_it() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().fixedLatency(Duration.ofMillis(50))
                .latencyFactorFrom(FAST_AGAIN, 1.0).latencyFactorFrom(SLOW, 4.0).build());

        Duration before = timed(sim, () -> sim.client.transfer(sim.request(1)));
        sim.clock.setInstant(SLOW.minusMillis(1));
        Duration arrivedJustBefore = timed(sim, () -> sim.client.transfer(sim.request(1)));
        Duration slowTransfer = timed(sim, () -> sim.client.transfer(sim.request(1)));
        Duration slowInquiry = timed(sim, () -> sim.client.inquire("k:1"));
        sim.clock.setInstant(FAST_AGAIN);
        Duration restored = timed(sim, () -> sim.client.transfer(sim.request(1)));

        assertThat(before).isEqualTo(Duration.ofMillis(50));
        assertThat(arrivedJustBefore).as("the factor is read at arrival").isEqualTo(Duration.ofMillis(50));
        assertThat(slowTransfer).isEqualTo(Duration.ofMillis(200));
        assertThat(slowInquiry).isEqualTo(Duration.ofMillis(200));
        assertThat(restored).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void from_an_instant_new_keys_are_refused_unavailable_and_stay_refused_while_known_keys_answer_bank_error() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom()
                .systemFailuresFrom(SLOW, 1.0, SystemFailure.REFUSED_UNAVAILABLE)
                .systemFailuresFrom(FAST_AGAIN, 0.0, SystemFailure.REFUSED_UNAVAILABLE).build());
        TransferRequest executedBefore = sim.request(1);
        assertThat(sim.client.transfer(executedBefore)).isInstanceOf(TransferOutcome.Accepted.class);
        sim.clock.setInstant(SLOW);
        TransferRequest refused = sim.request(1);

        TransferOutcome refusal = sim.client.transfer(refused);
        TransferOutcome knownKey = sim.client.transfer(executedBefore);
        sim.clock.setInstant(FAST_AGAIN);

        assertThat(code(refusal)).isEqualTo(RejectionCode.REFUSED_UNAVAILABLE);
        assertThat(code(refusal).kind().tripsCircuitBreaker()).isTrue();
        assertThat(knownKey).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.BANK_ERROR));
        assertThat(sim.client.transfer(refused)).as("the refusal closed the key").isEqualTo(refusal);
        assertThat(sim.client.inquire(refused.idempotencyKey())).isInstanceOf(InquiryResult.Rejected.class);
        assertThat(sim.client.transfer(sim.request(1))).as("failures ended").isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.executionCount(executedBefore.idempotencyKey())).isEqualTo(1);
        assertThat(sim.bank.executionCount(refused.idempotencyKey())).isZero();
        assertThat(sim.bank.faultCounts().randomSystemFailures()).isEqualTo(2);
    }

    @Test
    void a_bank_error_before_executing_leaves_the_key_unknown_to_the_bank_so_a_re_send_executes_it_once() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom()
                .systemFailuresFrom(SimFixture.START, 1.0, SystemFailure.BANK_ERROR_BEFORE_EXECUTING)
                .systemFailuresFrom(FAST_AGAIN, 0.0, SystemFailure.BANK_ERROR_BEFORE_EXECUTING).build());
        TransferRequest request = sim.request(1);

        TransferOutcome failed = sim.client.transfer(request);
        InquiryResult inquired = sim.client.inquire(request.idempotencyKey());
        sim.clock.setInstant(FAST_AGAIN);
        TransferOutcome resent = sim.client.transfer(request);

        assertThat(failed).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.BANK_ERROR));
        assertThat(inquired).isEqualTo(new InquiryResult.NotFound());
        assertThat(resent).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void a_bank_error_after_executing_hides_an_execution_that_an_inquiry_reveals() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom()
                .systemFailuresFrom(SimFixture.START, 1.0, SystemFailure.BANK_ERROR_AFTER_EXECUTING).build());
        TransferRequest request = sim.request(1);

        TransferOutcome failed = sim.client.transfer(request);

        assertThat(failed).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.BANK_ERROR));
        assertThat(sim.client.inquire(request.idempotencyKey())).isInstanceOf(InquiryResult.Executed.class);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
        assertThat(sim.bank.faultCounts().randomSystemFailures()).isEqualTo(1);
    }

    @Test
    void a_fraction_of_transfers_fails_drawn_from_the_seed() {
        List<String> first = failures(21L);

        assertThat(first).hasSizeBetween(70, 130).isEqualTo(failures(21L));
    }

    @Test
    void before_the_instant_nothing_fails_and_nothing_is_drawn() {
        SimulatedBankConfig quiet = SimulatedBankConfig.custom().insufficientFundsProbability(0.5).build();
        SimulatedBankConfig later = SimulatedBankConfig.from(quiet)
                .systemFailuresFrom(SimFixture.START.plusSeconds(3_600), 0.5, SystemFailure.REFUSED_UNAVAILABLE).build();

        assertThat(answers(quiet)).isEqualTo(answers(later));
    }

    private static List<String> failures(long seed) {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom()
                .systemFailuresFrom(SimFixture.START, 0.25, SystemFailure.REFUSED_UNAVAILABLE).build(), seed);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            TransferRequest request = sim.request(1);
            if (sim.client.transfer(request) instanceof TransferOutcome.Rejected) {
                failed.add(request.idempotencyKey());
            }
        }
        assertThat(sim.bank.faultCounts().randomSystemFailures()).isEqualTo(failed.size());
        assertThat(sim.bank.executedDebits()).hasSize(400 - failed.size());
        return failed;
    }

    private static List<String> answers(SimulatedBankConfig config) {
        SimFixture sim = new SimFixture(config, 3L);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(sim.client.transfer(sim.request(1)).toString());
        }
        return answers;
    }

    private static Duration timed(SimFixture sim, Runnable call) {
        Instant start = sim.clock.instant();
        call.run();
        return Duration.between(start, sim.clock.instant());
    }
}
