package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The oracle's occurrence view sees a double debit spread over two keys of one occurrence. */
class SimulatedBankOccurrenceOracleTest {

    final SimFixture sim = new SimFixture(SimulatedBankConfig.ofDefaults());

    TransferRequest attempt(String key) {
        return new TransferRequest(key, sim.source, sim.destination, Money.krw(10_000), "rent", sim.clock.instant());
    }

    @ParameterizedTest(name = "''{0}'' belongs to ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "42:2026-11-25:1|42:2026-11-25",
            "42:2026-11-25:17|42:2026-11-25",
            "eu-1:42:2026-11-25:2|eu-1:42:2026-11-25",
            "sim:3|sim",
            "no-attempt|no-attempt",
            "42:2026-11-25:x1|42:2026-11-25:x1",
            "42:2026-11-25:|42:2026-11-25:",
            ":1|:1"})
    void the_occurrence_is_the_key_without_its_numeric_attempt_segment(String key, String occurrence) {
        assertThat(SimulatedBank.occurrenceOf(key)).isEqualTo(occurrence);
    }

    @Test
    void a_late_first_key_and_a_second_key_both_executing_is_one_key_each_but_two_for_the_occurrence() {
        TransferRequest first = attempt("S:2026-11-25:1");
        TransferRequest second = attempt("S:2026-11-25:2");
        TransferRequest other = attempt("T:2026-11-25:1");

        sim.bank.scriptNextTransfer(SimFixture.BANK, ScriptedFault.LATE_ARRIVAL);
        assertThat(sim.client.transfer(first)).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.TIMEOUT));
        assertThat(sim.client.inquire(first.idempotencyKey())).isEqualTo(new InquiryResult.NotFound());
        // the broken engine takes "not found" as a failure and opens a new key for the same occurrence
        assertThat(sim.client.transfer(second)).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(sim.client.transfer(other)).isInstanceOf(TransferOutcome.Accepted.class);
        sim.clock.advance(Duration.ofSeconds(30));
        assertThat(sim.bank.deliverAllLateRequests()).isEqualTo(1);

        assertThat(sim.bank.executionCount(first.idempotencyKey())).isEqualTo(1);
        assertThat(sim.bank.executionCount(second.idempotencyKey())).isEqualTo(1);
        assertThat(sim.bank.executionsForOccurrence("S:2026-11-25")).isEqualTo(2);
        assertThat(sim.bank.executionsForOccurrence("T:2026-11-25")).isEqualTo(1);
        assertThat(sim.bank.executionsForOccurrence("U:2026-11-25")).isZero();
        assertThat(sim.bank.occurrencesExecutedMoreThanOnce()).containsExactly("S:2026-11-25");
        assertThat(sim.bank.debitsByOccurrence()).containsOnlyKeys("S:2026-11-25", "T:2026-11-25");
        assertThat(sim.bank.debitsByOccurrence().get("S:2026-11-25")).extracting(ExecutedDebit::idempotencyKey)
                .as("in execution order: the second key first, then the late first key")
                .containsExactly("S:2026-11-25:2", "S:2026-11-25:1");
        assertThat(sim.bank.executedDebits()).extracting(ExecutedDebit::occurrenceId)
                .containsExactly("S:2026-11-25", "T:2026-11-25", "S:2026-11-25");
        assertThat(sim.bank.balance(sim.source)).isEqualTo(Money.krw(1_000_000 - 30_000));
    }

    @Test
    void a_second_key_after_a_definitive_refusal_is_one_execution_for_the_occurrence() {
        sim.bank.configure(SimFixture.BANK, SimulatedBankConfig.custom().insufficientFundsProbability(1.0).build());
        assertThat(sim.client.transfer(attempt("S:2026-11-25:1"))).isInstanceOf(TransferOutcome.Rejected.class);
        sim.bank.configure(SimFixture.BANK, SimulatedBankConfig.ofDefaults());
        assertThat(sim.client.transfer(attempt("S:2026-11-25:2"))).isInstanceOf(TransferOutcome.Accepted.class);

        assertThat(sim.bank.executionsForOccurrence("S:2026-11-25")).isEqualTo(1);
        assertThat(sim.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
    }

    @Test
    void the_occurrence_view_is_a_snapshot() {
        sim.client.transfer(attempt("S:2026-11-25:1"));
        var snapshot = sim.bank.debitsByOccurrence();
        sim.client.transfer(attempt("S:2026-11-26:1"));

        assertThat(snapshot).hasSize(1);
        assertThat(sim.bank.debitsByOccurrence()).hasSize(2);
    }
}
