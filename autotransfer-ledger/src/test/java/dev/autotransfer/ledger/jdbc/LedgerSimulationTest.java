package dev.autotransfer.ledger.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.DailyLimitExceededException;
import dev.autotransfer.ledger.InsufficientFundsException;
import dev.autotransfer.ledger.NewCustomer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A seeded simulation of the accounts: random deposits, withdrawals, moves, top-ups, standing-order
 * transfers and payouts through the ledger's bank, against simulated banks that time out before and
 * after executing, deliver late or twice, answer in progress and refuse; crashes after
 * the linked bank executed; the day turning. After every step the database's own rows are checked
 * (entries balance, every balance equals its entries, nothing negative, no customer's day of pulls
 * over the limit) and the banks' record (no key executed twice); after a final drain, every pull and
 * payout the ledger counts as done is exactly one debit in the banks' record and every other one is
 * none. A failure names its seed.
 */
class LedgerSimulationTest {

    private static final AccountRef SETTLEMENT_LINKED = AccountRef.of("004", "900-000-000001");
    private static final AccountRef SETTLEMENT_PAYEE = AccountRef.of("088", "900-000-000002");
    private static final AccountRef PAYEE = AccountRef.of("088", "300-555-000123");

    @DatabaseTest
    void random_account_operations_under_bank_faults_and_crashes_keep_money_conserved_and_the_limit(TestDatabase db) {
        int steps = db.dialect() == Dialect.H2 ? 600 : 250;
        long seed = Long.getLong("ledger.simulation.seed", System.nanoTime());
        try {
            new Scenario(db, seed).run(steps);
        } catch (AssertionError e) {
            throw new AssertionError("ledger simulation seed " + seed + " (-Dledger.simulation.seed=" + seed
                    + "): " + e.getMessage(), e);
        }
    }

    private static final class Scenario {
        private final TestDatabase db;
        private final SplittableRandom random;
        private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T01:00:00Z"));
        private final SimulatedBank sim;
        private final JdbcLedger ledger;
        private final JdbcLedgerBank bank;
        private final JdbcLedgerBank crashing;
        private final List<Customer> customers = new ArrayList<>();
        private final Map<Long, Long> savings = new HashMap<>();
        private final List<TransferRequest> sent = new ArrayList<>();
        private final Map<String, Integer> done = new TreeMap<>();
        private int crashes;

        Scenario(TestDatabase db, long seed) {
            this.db = db;
            this.random = new SplittableRandom(seed);
            this.sim = new SimulatedBank(seed, clock, Sleeper.none());
            SimulatedBankConfig faulty = SimulatedBankConfig.custom().requestsPerSecond(1_000_000)
                    .keyRetention(Duration.ofDays(30))
                    .timeoutBeforeExecutingProbability(0.08).timeoutAfterExecutingProbability(0.08)
                    .lateArrivalProbability(0.05).lateArrivalDelay(Duration.ofMinutes(1), Duration.ofHours(2))
                    .duplicateDeliveryProbability(0.05).inProgressProbability(0.05)
                    .insufficientFundsProbability(0.05).build();
            sim.configure("004", faulty);
            sim.configure("088", faulty);
            sim.openAccount(SETTLEMENT_LINKED, Money.krw(0));
            sim.openAccount(SETTLEMENT_PAYEE, Money.krw(1_000_000_000_000L));
            sim.openAccount(PAYEE, Money.krw(0));
            ledger = JdbcLedger.create(db.appPool(4), db.dialect(), clock);
            bank = bank(sim.client("004"));
            crashing = bank(new CrashAfterExecuting(sim.client("004")));
            for (int c = 0; c < 3; c++) {
                AccountRef linked = AccountRef.of("004", "110-000-00" + c);
                sim.openAccount(linked, Money.krw(50_000_000));
                Customer customer = ledger.signUp(NewCustomer.of("user-" + c, linked));
                customers.add(customer);
                savings.put(customer.id(), ledger.openSavings(customer.id(), "Savings").id());
            }
        }

        private JdbcLedgerBank bank(BankClient linked) {
            return JdbcLedgerBank.builder(ledger).outsideBank(SETTLEMENT_LINKED, linked)
                    .outsideBank(SETTLEMENT_PAYEE, sim.client("088"))
                    .terms(new BankTerms(sim.client("004").terms().keyRetention(), 1_000)).build();
        }

        void run(int steps) {
            for (int step = 0; step < steps; step++) {
                step(step);
                checkRows();
                assertThat(duplicateKeys()).as("keys the banks executed twice").isEmpty();
            }
            drain();
            checkRows();
            checkBankRecord();
            assertThat(done.keySet()).as("operation kinds reached").contains("deposit", "withdraw", "move", "topUp",
                    "transfer", "payout", "inquire", "crash", "resolve", "day");
            assertThat(crashes).isPositive();
            System.out.printf("LEDGER-SIMULATION %s: steps=%d ops=%s crashes=%d pulls=%s keys=%s bankDebits=%d faults=%s%n",
                    db.dialect(), steps, done, crashes,
                    db.jdbi().withHandle(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM at_pull GROUP BY status")
                            .map((rs, ctx) -> rs.getString(1) + "=" + rs.getLong(2)).list()),
                    db.jdbi().withHandle(h -> h.createQuery(
                                    "SELECT status, COUNT(*) AS n FROM at_ledger_transfer GROUP BY status")
                            .map((rs, ctx) -> rs.getString(1) + "=" + rs.getLong(2)).list()),
                    sim.executedDebits().size(), sim.faultCounts());
        }

        private void step(int step) {
            Customer customer = customers.get(random.nextInt(customers.size()));
            long main = customer.mainAccountId();
            long save = savings.get(customer.id());
            Money amount = Money.krw(1_000 * (1 + random.nextInt(random.nextBoolean() ? 100 : 1_500)));
            int op = random.nextInt(20);
            try {
                if (op < 3) {
                    tally("deposit");
                    ledger.deposit("dep-" + step, random.nextBoolean() ? main : save, amount);
                } else if (op < 5) {
                    tally("withdraw");
                    ledger.withdraw("wd-" + step, random.nextBoolean() ? main : save, amount);
                } else if (op < 7) {
                    tally("move");
                    boolean out = random.nextBoolean();
                    ledger.move("mv-" + step, out ? main : save, out ? save : main, amount);
                } else if (op < 9) {
                    tally("topUp");
                    bank.topUp("top-" + step, customer.id(), amount);
                } else if (op < 12) {
                    tally("transfer");
                    sendOrResend(new TransferRequest("k-" + step, bank.accountRef(main), bank.accountRef(save), amount,
                            "installment", clock.instant()));
                } else if (op < 14) {
                    tally("payout");
                    sendOrResend(new TransferRequest("k-" + step, bank.accountRef(main), PAYEE, amount, "bill",
                            clock.instant()));
                } else if (op < 16 && !sent.isEmpty()) {
                    tally("inquire");
                    bank.inquire(sent.get(random.nextInt(sent.size())).idempotencyKey());
                } else if (op < 17) {
                    tally("crash");
                    try {
                        if (random.nextBoolean()) {
                            crashing.topUp("top-" + step, customer.id(), amount);
                        } else {
                            TransferRequest request = new TransferRequest("k-" + step, bank.accountRef(main),
                                    bank.accountRef(save), amount, "installment", clock.instant());
                            sent.add(request);
                            crashing.transfer(request);
                        }
                    } catch (CrashAfterExecuting.Crash e) {
                        crashes++;
                    }
                } else if (op < 19) {
                    tally("resolve");
                    sim.deliverLateRequests();
                    bank.resolvePendingPulls(50);
                } else {
                    tally("day");
                    clock.advance(Duration.ofHours(1 + random.nextInt(8)));
                }
            } catch (InsufficientFundsException | DailyLimitExceededException e) {
                tally("refused");
            }
        }

        private void sendOrResend(TransferRequest fresh) {
            TransferRequest request = !sent.isEmpty() && random.nextInt(3) == 0
                    ? sent.get(random.nextInt(sent.size())) : fresh;
            if (request == fresh) {
                sent.add(fresh);
            }
            bank.transfer(request);
        }

        private void tally(String kind) {
            done.merge(kind, 1, Integer::sum);
        }

        /** Faults off, late requests delivered, every pull resolved and every open key sent again until settled. */
        private void drain() {
            SimulatedBankConfig calm = SimulatedBankConfig.custom().requestsPerSecond(1_000_000)
                    .keyRetention(Duration.ofDays(30)).build();
            sim.configure("004", calm);
            sim.configure("088", calm);
            for (int round = 0; round < 5; round++) {
                sim.deliverAllLateRequests();
                bank.resolvePendingPulls(10_000);
                for (TransferRequest request : sent) {
                    bank.transfer(request);
                }
            }
            assertThat(count("SELECT COUNT(*) FROM at_pull WHERE status = 'PENDING'")).as("pulls left pending").isZero();
            assertThat(count("SELECT COUNT(*) FROM at_ledger_transfer WHERE status = 'OPEN'")).as("keys left open")
                    .isZero();
        }

        /** The database's own rows: double entry, balances equal to entries, holds, nothing negative, the limit. */
        private void checkRows() {
            LedgerChecks.assertConserved(db);
            List<Map<String, Object>> over = db.jdbi().withHandle(h -> h.createQuery("""
                    SELECT p.customer_id, p.business_date, SUM(p.amount_minor) AS pulled
                    FROM at_pull p JOIN at_customer c ON c.id = p.customer_id
                    WHERE p.status <> 'FAILED'
                    GROUP BY p.customer_id, p.business_date, c.daily_pull_limit_minor
                    HAVING SUM(p.amount_minor) > c.daily_pull_limit_minor""").mapToMap().list());
            assertThat(over).as("customer days pulled over the limit").isEmpty();
        }

        /** Each done pull and payout is one debit at its bank with its key; each failed or refused one is none. */
        private void checkBankRecord() {
            Map<String, Long> executed = sim.executedDebits().stream()
                    .collect(Collectors.groupingBy(ExecutedDebit::idempotencyKey, Collectors.counting()));
            db.jdbi().useHandle(h -> {
                h.createQuery("SELECT idempotency_key, status FROM at_pull").mapToMap().forEach(row -> {
                    String key = (String) row.get("idempotency_key");
                    long debits = executed.getOrDefault(key, 0L);
                    assertThat(debits).as("linked-bank debits of pull %s (%s)", key, row.get("status"))
                            .isEqualTo("COMPLETE".equals(row.get("status")) ? 1 : 0);
                });
                h.createQuery("SELECT idempotency_key, status, held FROM at_ledger_transfer WHERE destination_bank = '088'")
                        .mapToMap().forEach(row -> {
                            String key = (String) row.get("idempotency_key");
                            assertThat(executed.getOrDefault(key, 0L)).as("payouts of %s (%s)", key, row.get("status"))
                                    .isEqualTo("EXECUTED".equals(row.get("status")) ? 1 : 0);
                        });
            });
        }

        private List<String> duplicateKeys() {
            return sim.executedDebits().stream()
                    .collect(Collectors.groupingBy(ExecutedDebit::idempotencyKey, Collectors.counting()))
                    .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        }

        private long count(String sql) {
            return LedgerChecks.count(db, sql);
        }
    }
}
