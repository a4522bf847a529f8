package dev.autotransfer.bank.sim;

import static dev.autotransfer.bank.sim.SimulatedBankBasicsTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import org.junit.jupiter.api.Test;

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
        SimFixture sim = new SimFixture(SimulatedBankConfig.custom().wrongEchoProbability(1.0).build());
        TransferRequest request = sim.request(10_000);

        TransferOutcome outcome = sim.client.transfer(request);

        assertThat(outcome).isInstanceOfSatisfying(TransferOutcome.Accepted.class, accepted -> {
            assertThat(accepted.amount()).isEqualTo(Money.krw(10_001));
            assertThat(accepted.echoMismatches(request)).containsExactly("amount: sent 10000 KRW, echoed 10001 KRW");
        });
        assertThat(sim.bank.balance(sim.source)).isEqualTo(Money.krw(990_000));
        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.Executed((TransferOutcome.Accepted) outcome));
    }
}
