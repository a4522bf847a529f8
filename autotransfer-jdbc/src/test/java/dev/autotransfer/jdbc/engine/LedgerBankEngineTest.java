package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.RunReport;
import dev.autotransfer.jdbc.JdbcLedger;
import dev.autotransfer.jdbc.JdbcLedgerBank;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.NewCustomer;
import java.util.List;

/**
 * Standing orders whose source is a customer's main account in the ledger, run by the engine through
 * {@link JdbcLedgerBank}: savings installments (a move, topped up from the linked bank when short)
 * and a bill paid out to another bank, each executed once by the banks' own records.
 */
class LedgerBankEngineTest {

    private static final AccountRef SETTLEMENT_A = AccountRef.of("BANK_A", "900-0000-0001");
    private static final AccountRef SETTLEMENT_B = AccountRef.of("BANK_B", "900-0000-0002");
    private static final AccountRef BILLER = AccountRef.of("BANK_B", "700-0000-0001");

    @DatabaseTest
    void installments_and_a_bill_from_main_accounts_execute_once_with_top_ups_under_the_limit(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            f.bank.openAccount(SETTLEMENT_A, Money.krw(0));
            f.bank.openAccount(SETTLEMENT_B, Money.krw(1_000_000_000));
            f.bank.openAccount(BILLER, Money.krw(0));
            JdbcLedger ledger = JdbcLedger.create(db.appPool(8), db.dialect(), f.clock);
            JdbcLedgerBank ledgerBank = JdbcLedgerBank.builder(ledger)
                    .outsideBank(SETTLEMENT_A, f.bank.client("BANK_A"))
                    .outsideBank(SETTLEMENT_B, f.bank.client("BANK_B"))
                    .build();
            Customer rich = customer(f, ledger, "rich", 500_000);
            Customer shortOne = customer(f, ledger, "short", 100_000);
            Customer overLimit = customer(f, ledger, "over-limit", 0);
            long richSavings = ledger.openSavings(rich.id(), "Savings").id();
            long shortSavings = ledger.openSavings(shortOne.id(), "Savings").id();

            Schedule richInstallment = f.create(order(ledgerBank, "rich-savings", rich.mainAccountId(),
                    ledgerBank.accountRef(richSavings), 300_000));
            Schedule richBill = f.create(order(ledgerBank, "rich-bill", rich.mainAccountId(), BILLER, 50_000));
            Schedule shortInstallment = f.create(order(ledgerBank, "short-savings", shortOne.mainAccountId(),
                    ledgerBank.accountRef(shortSavings), 300_000));
            Schedule tooBig = f.create(order(ledgerBank, "too-big", overLimit.mainAccountId(), BILLER, 3_500_000));
            AutoTransferEngine engine = f.engine("node-1", b -> { }, w -> w.client(ledgerBank.bankCode(), ledgerBank));

            RunReport report = engine.runOnce();

            assertThat(report.succeeded()).isEqualTo(3);
            assertThat(f.events(richInstallment.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
            assertThat(f.events(richBill.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
            assertThat(f.events(shortInstallment.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
            assertThat(f.events(tooBig.id(), TODAY)).startsWith("STARTED", "FAILED");
            assertThat(f.count("SELECT COUNT(*) FROM at_history WHERE event_type = 'FAILED' AND code = 'LIMIT_EXCEEDED'"))
                    .isPositive();

            // the outside banks' own records: one top-up of the shortfall, one bill payout, nothing for too-big
            List<ExecutedDebit> pulls = f.bank.executedDebits().stream()
                    .filter(d -> d.destination().equals(SETTLEMENT_A)).toList();
            assertThat(pulls).extracting(ExecutedDebit::source).containsExactly(shortOne.linkedAccount());
            assertThat(pulls).extracting(ExecutedDebit::amount).containsExactly(Money.krw(200_000));
            List<ExecutedDebit> payouts = f.bank.executedDebits().stream()
                    .filter(d -> d.source().equals(SETTLEMENT_B)).toList();
            assertThat(payouts).extracting(ExecutedDebit::idempotencyKey)
                    .containsExactly(f.key(richBill.id(), TODAY, 1));
            assertThat(f.bank.balance(BILLER)).isEqualTo(Money.krw(50_000));

            assertThat(available(ledger, rich.mainAccountId())).isEqualTo(Money.krw(150_000));
            assertThat(available(ledger, richSavings)).isEqualTo(Money.krw(300_000));
            assertThat(available(ledger, shortOne.mainAccountId())).isEqualTo(Money.krw(0));
            assertThat(available(ledger, shortSavings)).isEqualTo(Money.krw(300_000));
            assertThat(available(ledger, overLimit.mainAccountId())).isEqualTo(Money.krw(0));

            // a second pass moves nothing more
            engine.runOnce();
            assertThat(f.bank.executedDebits()).hasSize(pulls.size() + payouts.size());
            assertThat(available(ledger, richSavings)).isEqualTo(Money.krw(300_000));
        }
    }

    private static Customer customer(EngineFixture f, JdbcLedger ledger, String name, long mainBalance) {
        AccountRef linked = AccountRef.of("BANK_A", "110-" + String.format("%08d", Math.abs(name.hashCode()) % 100_000_000));
        f.bank.openAccount(linked, Money.krw(10_000_000));
        Customer customer = ledger.signUp(NewCustomer.of(name, linked));
        if (mainBalance > 0) {
            ledger.deposit("opening-" + name, customer.mainAccountId(), Money.krw(mainBalance));
        }
        return customer;
    }

    private static ScheduleSpec order(JdbcLedgerBank bank, String reference, long source, AccountRef destination,
            long amount) {
        return ScheduleSpec.builder()
                .clientReference(reference)
                .source(bank.accountRef(source))
                .destination(destination)
                .amount(Money.krw(amount))
                .memo("standing order " + reference)
                .priority(Priority.P1)
                .recurrence(Recurrence.monthly(TODAY, 25))
                .build();
    }

    private static Money available(JdbcLedger ledger, long accountId) {
        return ledger.account(accountId).orElseThrow().available();
    }
}
