package dev.autotransfer.bank.sim;

import static dev.autotransfer.bank.sim.SimulatedBankBasicsTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatedBankRejectionKnobsTest {

    @Test
    void insufficient_funds_can_be_forced_by_probability() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().insufficientFundsProbability(1.0).build());

        TransferOutcome outcome = sim.client.transfer(sim.request(1));

        assertThat(code(outcome)).isEqualTo(RejectionCode.INSUFFICIENT_FUNDS);
        assertThat(((TransferOutcome.Rejected) outcome).retryable()).isTrue();
    }

    @Test
    void closed_accounts_can_be_forced_by_probability() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().accountClosedProbability(1.0).build());

        TransferOutcome outcome = sim.client.transfer(sim.request(1));

        assertThat(code(outcome)).isEqualTo(RejectionCode.ACCOUNT_CLOSED);
        assertThat(((TransferOutcome.Rejected) outcome).retryable()).isFalse();
    }

    @Test
    void invalid_accounts_can_be_forced_by_probability() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().invalidAccountProbability(1.0).build());

        assertThat(code(sim.client.transfer(sim.request(1)))).isEqualTo(RejectionCode.INVALID_ACCOUNT);
        assertThat(sim.bank.executedDebits()).isEmpty();
    }

    @Test
    void a_probabilistic_rejection_is_the_keys_outcome_for_good() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().accountClosedProbability(1.0).build());
        TransferRequest request = sim.request(1);
        TransferOutcome first = sim.client.transfer(request);
        sim.bank.configure(SimFixture.BANK, SimulatedBankConfig.ofDefaults());

        assertThat(sim.client.transfer(request)).isEqualTo(first);
        assertThat(sim.client.inquire(request.idempotencyKey())).isInstanceOf(InquiryResult.Rejected.class);
        assertThat(sim.bank.executedDebits()).isEmpty();
    }

    @Test
    void a_wrong_echo_executes_but_echoes_another_amount_and_inquiry_repeats_it() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().wrongEchoProbability(1.0)
                .wrongEchoFields(EchoField.AMOUNT).build());
        TransferRequest request = sim.request(10_000);

        TransferOutcome outcome = sim.client.transfer(request);

        assertThat(outcome).isInstanceOfSatisfying(TransferOutcome.Accepted.class, accepted -> {
            assertThat(accepted.amount()).isEqualTo(Money.krw(10_001));
            assertThat(accepted.echoMismatches(request)).containsExactly("amount: sent 10000 KRW, echoed 10001 KRW");
        });
        assertThat(sim.bank.balance(sim.source)).isEqualTo(Money.krw(990_000));
        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.Executed((TransferOutcome.Accepted) outcome));
    }

    @ParameterizedTest(name = "a wrong {0} echo is reported as ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "IDEMPOTENCY_KEY|idempotencyKey: sent k:1, echoed k:",
            "SOURCE|source: sent 004/****5566, echoed 004/****5567",
            "DESTINATION|destination: sent 004/****5566, echoed 004/****5567",
            "AMOUNT|amount: sent 10000 KRW, echoed 10001 KRW",
            "CURRENCY|currency: sent KRW, echoed USD"})
    void each_echo_field_can_be_corrupted_and_the_echo_check_reports_exactly_that_field(EchoField field, String mismatch) {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().wrongEchoProbability(1.0).wrongEchoFields(field).build());
        TransferRequest request = sim.request(10_000);

        TransferOutcome outcome = sim.client.transfer(request);

        assertThat(outcome).isInstanceOfSatisfying(TransferOutcome.Accepted.class, accepted -> {
            assertThat(accepted.echoMismatches(request)).containsExactly(mismatch);
            assertThat(accepted.echoes(request)).isFalse();
        });
        assertThat(sim.bank.executedDebits()).singleElement().satisfies(debit -> {
            assertThat(debit.idempotencyKey()).isEqualTo(request.idempotencyKey());
            assertThat(debit.source()).isEqualTo(request.source());
            assertThat(debit.destination()).isEqualTo(request.destination());
            assertThat(debit.amount()).isEqualTo(request.amount());
        });
        assertThat(sim.bank.balance(sim.source)).isEqualTo(Money.krw(990_000));
        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.Executed((TransferOutcome.Accepted) outcome));
        assertThat(sim.bank.faultCounts().randomWrongEchoes()).isEqualTo(1);
    }

    @Test
    void by_default_a_wrong_echo_picks_any_field_from_the_seed_and_every_field_comes_up() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().wrongEchoProbability(1.0).build());
        Set<String> fields = new TreeSet<>();
        for (int i = 0; i < 60; i++) {
            TransferRequest request = sim.request(10);
            TransferOutcome.Accepted accepted = (TransferOutcome.Accepted) sim.client.transfer(request);
            List<String> mismatches = accepted.echoMismatches(request);
            assertThat(mismatches).as("echo of %s", request).hasSize(1);
            fields.add(mismatches.get(0).substring(0, mismatches.get(0).indexOf(':')));
        }

        assertThat(SimulatedBankConfig.ofDefaults().wrongEchoFields()).containsExactly(EchoField.values());
        assertThat(fields).containsExactlyInAnyOrder("idempotencyKey", "source", "destination", "amount", "currency");
        assertThat(sim.bank.executedDebits()).hasSize(60);
    }

    @Test
    void wrong_echo_fields_can_be_restricted_and_must_not_be_empty() {
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().wrongEchoProbability(1.0)
                .wrongEchoFields(EchoField.SOURCE, EchoField.DESTINATION).build());
        Set<String> fields = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
            TransferRequest request = sim.request(10);
            String mismatch = ((TransferOutcome.Accepted) sim.client.transfer(request)).echoMismatches(request).get(0);
            fields.add(mismatch.substring(0, mismatch.indexOf(':')));
        }

        assertThat(fields).containsExactlyInAnyOrder("source", "destination");
        assertThatThrownBy(() -> SimulatedBankConfig.custom().wrongEchoFields())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("wrongEchoFields must name at least one");
    }
}
