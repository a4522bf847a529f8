package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import org.junit.jupiter.api.Test;

class SimulatedBankBasicsTest {

    final SimFixture sim = new SimFixture(SimulatedBankConfig.ofDefaults());

    @Test
    void a_transfer_debits_the_source_credits_a_simulated_destination_and_enters_the_oracle() {
        TransferRequest request = sim.request(10_000);

        TransferOutcome outcome = sim.client.transfer(request);

        assertThat(outcome).isInstanceOfSatisfying(TransferOutcome.Accepted.class, a -> assertThat(a.echoes(request)).isTrue());
        assertThat(sim.bank.balance(sim.source)).isEqualTo(Money.krw(990_000));
        assertThat(sim.bank.balance(sim.destination)).isEqualTo(Money.krw(10_000));
        assertThat(sim.bank.executedDebits()).singleElement().satisfies(debit -> {
            assertThat(debit.idempotencyKey()).isEqualTo(request.idempotencyKey());
            assertThat(debit.amount()).isEqualTo(Money.krw(10_000));
            assertThat(debit.executedAt()).isEqualTo(SimFixture.START);
            assertThat(debit.externalTransactionId()).isEqualTo(((TransferOutcome.Accepted) outcome).externalTransactionId());
            assertThat(debit.toString()).doesNotContain("1002-3344-5566");
        });
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void a_transfer_to_a_bank_outside_the_simulation_only_debits() {
        assertThat(sim.client.transfer(sim.request(sim.external, 500))).isInstanceOf(TransferOutcome.Accepted.class);

        assertThat(sim.bank.balance(sim.source)).isEqualTo(Money.krw(999_500));
    }

    @Test
    void the_same_key_executes_once_and_answers_the_first_outcome() {
        TransferRequest request = sim.request(10_000);

        TransferOutcome first = sim.client.transfer(request);
        TransferOutcome second = sim.client.transfer(request.withCreatedAt(sim.clock.advance(java.time.Duration.ofMinutes(5))));

        assertThat(second).isEqualTo(first);
        assertThat(sim.bank.executionCount(request.idempotencyKey())).isEqualTo(1);
        assertThat(sim.bank.requestsReceived(request.idempotencyKey())).isEqualTo(2);
        assertThat(sim.bank.totalRequests()).isEqualTo(2);
        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.Executed((TransferOutcome.Accepted) first));
    }

    @Test
    void a_key_reused_with_another_body_is_unknown_and_executes_nothing() {
        TransferRequest request = sim.request(10_000);
        sim.client.transfer(request);

        TransferOutcome reused = sim.client.transfer(new TransferRequest(request.idempotencyKey(), sim.source,
                sim.destination, Money.krw(20_000), "test", request.createdAt()));

        assertThat(reused).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.KEY_REUSED_WITH_OTHER_BODY));
        assertThat(sim.bank.balance(sim.source)).isEqualTo(Money.krw(990_000));
    }

    @Test
    void a_short_balance_is_refused_and_the_key_stays_refused_after_funds_arrive() {
        TransferRequest request = sim.request(2_000_000);

        TransferOutcome first = sim.client.transfer(request);
        sim.bank.deposit(sim.source, Money.krw(5_000_000));

        assertThat(first).isInstanceOfSatisfying(TransferOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.INSUFFICIENT_FUNDS);
            assertThat(r.retryable()).isTrue();
            assertThat(r.message()).doesNotContain("1002-3344-5566");
        });
        assertThat(sim.client.transfer(request)).isEqualTo(first);
        assertThat(sim.client.inquire(request.idempotencyKey())).isEqualTo(new InquiryResult.Rejected((TransferOutcome.Rejected) first));
        assertThat(sim.bank.executedDebits()).isEmpty();
    }

    @Test
    void closed_and_unknown_accounts_are_refused_for_good() {
        sim.bank.closeAccount(sim.destination);
        AccountRef unknown = AccountRef.of(SimFixture.BANK, "0000-1111");

        assertThat(code(sim.client.transfer(sim.request(100)))).isEqualTo(RejectionCode.ACCOUNT_CLOSED);
        assertThat(code(sim.client.transfer(sim.request(unknown, 100)))).isEqualTo(RejectionCode.INVALID_ACCOUNT);
        assertThat(code(sim.bank.client("088").transfer(sim.request(100)))).as("source at another bank")
                .isEqualTo(RejectionCode.INVALID_ACCOUNT);
        assertThat(code(sim.client.transfer(new TransferRequest("usd", sim.source, sim.external, Money.of(100, "USD"), "",
                sim.clock.instant())))).isEqualTo(Teller.CURRENCY_MISMATCH);
        assertThat(sim.bank.executedDebits()).isEmpty();
    }

    @Test
    void an_unknown_key_is_not_found() {
        assertThat(sim.client.inquire("never-sent")).isEqualTo(new InquiryResult.NotFound());
        assertThatThrownBy(() -> sim.client.inquire("bad key")).hasMessageContaining("'bad key'");
    }

    @Test
    void accounts_are_validated_with_masked_numbers() {
        assertThatThrownBy(() -> sim.bank.openAccount(sim.source, Money.krw(1))).hasMessageContaining("004/****5566 is already open");
        assertThatThrownBy(() -> sim.bank.balance(AccountRef.of("004", "77778888"))).hasMessageContaining("004/****8888 is not open");
        assertThatThrownBy(() -> sim.bank.openAccount(AccountRef.of("004", "77778888"), Money.krw(-1)))
                .hasMessageContaining("must not be negative, was -1 KRW");
        assertThatThrownBy(() -> sim.bank.client("bad code")).hasMessageContaining("bankCode 'bad code'");
    }

    static RejectionCode code(TransferOutcome outcome) {
        assertThat(outcome).isInstanceOf(TransferOutcome.Rejected.class);
        return ((TransferOutcome.Rejected) outcome).code();
    }
}
