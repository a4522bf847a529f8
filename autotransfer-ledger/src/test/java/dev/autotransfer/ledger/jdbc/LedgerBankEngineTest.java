package dev.autotransfer.ledger.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.jdbc.JdbcRunStore;
import dev.autotransfer.jdbc.JdbcScheduleClient;
import dev.autotransfer.jdbc.JdbcTransferStore;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.NewCustomer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Standing orders whose source is a customer's main account in the ledger, run by the engine through
 * {@link JdbcLedgerBank}: savings installments (a move, topped up from the linked bank when short)
 * and a bill paid out to another bank, each executed once by the banks' own records.
 */
class LedgerBankEngineTest {

    /** Wednesday 2026-11-25, 09:30 in Seoul: a business day. */
    private static final Instant START = Instant.parse("2026-11-25T00:30:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static final AccountRef SETTLEMENT_A = AccountRef.of("BANK_A", "900-0000-0001");
    private static final AccountRef SETTLEMENT_B = AccountRef.of("BANK_B", "900-0000-0002");
    private static final AccountRef BILLER = AccountRef.of("BANK_B", "700-0000-0001");

    @DatabaseTest
    void installments_and_a_bill_from_main_accounts_execute_once_with_top_ups_under_the_limit(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
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

            Schedule richInstallment = f.register(order(ledgerBank, "rich-savings", rich.mainAccountId(),
                    ledgerBank.accountRef(richSavings), 300_000));
            Schedule richBill = f.register(order(ledgerBank, "rich-bill", rich.mainAccountId(), BILLER, 50_000));
            Schedule shortInstallment = f.register(order(ledgerBank, "short-savings", shortOne.mainAccountId(),
                    ledgerBank.accountRef(shortSavings), 300_000));
            Schedule tooBig = f.register(order(ledgerBank, "too-big", overLimit.mainAccountId(), BILLER, 3_500_000));
            AutoTransferEngine engine = f.engine(ledgerBank.bankCode(), ledgerBank);

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

    private static Customer customer(Fixture f, JdbcLedger ledger, String name, long mainBalance) {
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

    /** One database, the simulated outside banks BANK_A and BANK_B, and a clock shared by them and the engine. */
    private static final class Fixture implements AutoCloseable {

        final TestDatabase db;
        final MutableClock clock = new MutableClock(START);
        final SimulatedBank bank = new SimulatedBank(20261125L, clock, Sleeper.none());
        final JdbcScheduleClient schedules;
        final JdbcTransferStore transfers;
        final String keyPrefix;
        private AutoTransferEngine engine;

        Fixture(TestDatabase db) {
            this.db = db;
            for (String code : List.of("BANK_A", "BANK_B")) {
                bank.configure(code, SimulatedBankConfig.custom().requestsPerSecond(1_000_000).build());
            }
            this.schedules = JdbcScheduleClient.builder(db.appPool(8)).dialect(db.dialect()).clock(clock).build();
            this.transfers = JdbcTransferStore.builder(db.appPool(8)).dialect(db.dialect()).build();
            this.keyPrefix = transfers.installationKeyPrefix().orElseThrow();
        }

        /** An engine with short limits calling the outside banks and {@code ledgerBank} under its code. */
        AutoTransferEngine engine(String ledgerCode, BankClient ledgerBank) {
            Map<String, BankClient> clients = new TreeMap<>(Map.of("BANK_A", bank.client("BANK_A"),
                    "BANK_B", bank.client("BANK_B"), ledgerCode, ledgerBank));
            engine = AutoTransferEngine.builder(transfers, JdbcRunStore.builder(db.appPool(8)).build(),
                            BankDirectory.of(clients))
                    .timeSource(TimeSource.of(clock))
                    .config(EngineConfig.builder()
                            .workerThreads(1)
                            .parallelCalls(1)
                            .shareWait(Duration.ZERO)
                            .chunkSize(10)
                            .bankTimeLimit(Duration.ofMillis(500))
                            .lease(Duration.ofSeconds(60))
                            .retryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(10))
                            .inquiryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(5))
                            .permitWait(Duration.ZERO)
                            .build())
                    .nodeId("node-1")
                    .build();
            return engine;
        }

        Schedule register(ScheduleSpec spec) {
            return schedules.create(spec, AuditContext.of("ledger-test"));
        }

        /** Event types of an occurrence's history, in sequence order. */
        List<String> events(long scheduleId, LocalDate nominalDate) {
            return db.appJdbi().withHandle(h -> h.createQuery("""
                    SELECT event_type FROM at_history WHERE schedule_id = :id AND nominal_date = :date ORDER BY seq""")
                    .bind("id", scheduleId).bind("date", nominalDate).mapTo(String.class).list());
        }

        long count(String sql) {
            return db.appJdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
        }

        /** The key the engine sends a bank for the attempt: this installation's prefix, then the attempt. */
        String key(long scheduleId, LocalDate nominalDate, int attempt) {
            return keyPrefix + scheduleId + ":" + nominalDate + ":" + attempt;
        }

        @Override
        public void close() {
            if (engine != null) {
                engine.close();
            }
        }
    }
}
