package dev.autotransfer.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.domain.BusinessDayRule;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.jdbc.AutoTransferDatabase;
import dev.autotransfer.jdbc.JdbcScheduleClient;
import dev.autotransfer.jdbc.SchemaInstaller;
import dev.autotransfer.ledger.Account;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.Movement;
import dev.autotransfer.ledger.NewCustomer;
import dev.autotransfer.ledger.jdbc.JdbcLedger;
import dev.autotransfer.ledger.jdbc.JdbcLedgerBank;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounts example: a pay service's customers with main and savings accounts. It signs up three
 * customers (each with a linked account at a simulated bank), opens savings accounts, registers their
 * monthly savings installments and bill payments as standing orders from their main accounts, runs the
 * engine once through the ledger's own bank, and prints every customer's accounts and ledger. One
 * customer is short and is topped up from the linked account; one asks for more than the daily limit
 * of 3,000,000 KRW allows and is refused, with nothing pulled.
 *
 * <p>Runs on an embedded H2 database unless {@code --jdbc-url} names PostgreSQL or MariaDB/MySQL. Not
 * thread-safe; {@code main} runs it once.
 */
public final class AccountsApp {

    static final String USAGE = """
            usage: AccountsApp [--jdbc-url URL] [--help]
              --jdbc-url URL     the database (default: embedded H2, %s)"""
            .formatted(ExampleOptions.DEFAULT_URL);

    /** The simulated bank of the customers' linked accounts, and the service's settlement account there. */
    static final AccountRef SETTLEMENT_LINKED = AccountRef.of("KB", "900-00-000001");
    /** The simulated bank of the billers, and the service's settlement account there. */
    static final AccountRef SETTLEMENT_BILLERS = AccountRef.of("UTIL", "900-00-000002");
    static final AccountRef POWER_COMPANY = AccountRef.of("UTIL", "500-00-000001");
    static final AccountRef GAS_COMPANY = AccountRef.of("UTIL", "500-00-000002");

    private static final AuditContext WHO = AuditContext.of("accounts-example");

    /** What the example did: the customers, their accounts, the engine's outcomes and the banks' record. */
    record Result(Map<String, Customer> customers, Map<String, List<Account>> accounts,
            Map<String, String> outcomes, List<ExecutedDebit> executed, boolean conserved) {
    }

    private final String jdbcUrl;
    private final Clock clock;
    private final PrintStream out;

    AccountsApp(String jdbcUrl, Clock clock, PrintStream out) {
        this.jdbcUrl = jdbcUrl;
        this.clock = clock;
        this.out = out;
    }

    /** Runs the example; {@code --help} prints the options. Exits 1 if money was not conserved. */
    public static void main(String[] args) {
        String url = ExampleOptions.DEFAULT_URL;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println(USAGE);
                return;
            } else if (args[i].equals("--jdbc-url") && i + 1 < args.length && args[i + 1].startsWith("jdbc:")) {
                url = args[++i];
            } else {
                System.err.println("unknown or incomplete option '" + args[i] + "'");
                System.err.println(USAGE);
                System.exit(2);
                return;
            }
        }
        if (!new AccountsApp(url, Clock.systemUTC(), System.out).run().conserved()) {
            System.exit(1);
        }
    }

    Result run() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(8);
        config.setPoolName("autotransfer-accounts-example");
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            SchemaInstaller installer = SchemaInstaller.builder(dataSource).clock(clock).build();
            installer.install();
            out.printf("autotransfer accounts example on %s (%s)%n", installer.dialect(),
                    PayServiceApp.redact(jdbcUrl));
            LocalDate today = LocalDate.now(clock.withZone(ScheduleSpec.DEFAULT_ZONE));
            String run = today.toString();

            SimulatedBank banks = new SimulatedBank(20261202L, clock, Sleeper.none());
            for (String code : List.of(SETTLEMENT_LINKED.bankCode(), SETTLEMENT_BILLERS.bankCode())) {
                banks.configure(code, SimulatedBankConfig.custom().requestsPerSecond(1_000).build());
            }
            banks.openAccount(SETTLEMENT_LINKED, Money.krw(0));
            banks.openAccount(SETTLEMENT_BILLERS, Money.krw(1_000_000_000));
            banks.openAccount(POWER_COMPANY, Money.krw(0));
            banks.openAccount(GAS_COMPANY, Money.krw(0));
            JdbcLedger ledger = JdbcLedger.create(dataSource);
            JdbcLedgerBank ledgerBank = JdbcLedgerBank.builder(ledger)
                    .outsideBank(SETTLEMENT_LINKED, banks.client(SETTLEMENT_LINKED.bankCode()))
                    .outsideBank(SETTLEMENT_BILLERS, banks.client(SETTLEMENT_BILLERS.bankCode()))
                    .build();

            // customers, their linked accounts and savings; references carry the day, so a rerun finds them
            Map<String, Customer> customers = new LinkedHashMap<>();
            Map<String, Long> savings = new LinkedHashMap<>();
            long[][] plan = {
                // main balance, installment, bill
                {800_000, 300_000, 62_000},
                {50_000, 200_000, 38_000},
                {0, 3_200_000, 45_000},
            };
            String[] names = {"minji", "jisoo", "hyun"};
            String[] goals = {"Travel", "Emergency fund", "House deposit"};
            AutoTransferDatabase database = AutoTransferDatabase.builder(dataSource).clock(clock).build();
            JdbcScheduleClient schedules = database.schedules();
            Map<String, Schedule> orders = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                AccountRef linked = AccountRef.of(SETTLEMENT_LINKED.bankCode(), String.format("110-20-%06d", i + 1));
                banks.openAccount(linked, Money.krw(5_000_000));
                Customer customer = ledger.signUp(NewCustomer.of(names[i] + "-" + run, linked));
                customers.put(names[i], customer);
                List<Account> accounts = ledger.accounts(customer.id());
                long goal = accounts.size() > 1 ? accounts.get(1).id() : ledger.openSavings(customer.id(), goals[i]).id();
                savings.put(names[i], goal);
                if (plan[i][0] > 0) {
                    ledger.deposit("salary-" + names[i] + "-" + run, customer.mainAccountId(), Money.krw(plan[i][0]));
                }
                orders.put(names[i] + " installment", schedules.create(order(names[i] + "-installment-" + run,
                        ledgerBank.accountRef(customer.mainAccountId()), ledgerBank.accountRef(goal), plan[i][1],
                        goals[i] + " installment", today), WHO));
                orders.put(names[i] + " bill", schedules.create(order(names[i] + "-bill-" + run,
                        ledgerBank.accountRef(customer.mainAccountId()), i % 2 == 0 ? POWER_COMPANY : GAS_COMPANY,
                        plan[i][2], i % 2 == 0 ? "electricity" : "gas", today), WHO));
            }
            out.printf("%nSigned up %d customers (daily top-up limit %s each), opened their savings accounts and"
                    + " registered %d standing orders from their main accounts.%n", customers.size(),
                    NewCustomer.DEFAULT_DAILY_PULL_LIMIT, orders.size());

            // one worker, one call at a time: a customer's orders are sent one after the other, so each
            // sees the other's top-up
            EngineConfig engineConfig = EngineConfig.builder().workerThreads(1).parallelCalls(1).chunkSize(10)
                    .bankTimeLimit(Duration.ofSeconds(2)).build();
            try (AutoTransferEngine engine = database.engine(
                            BankDirectory.of(Map.of(ledgerBank.bankCode(), ledgerBank)))
                    .config(engineConfig).nodeId("accounts-example").build()) {
                engine.runOnce();
            }

            Map<String, String> outcomes = new LinkedHashMap<>();
            out.printf("%nToday's standing orders:%n");
            for (Map.Entry<String, Schedule> order : orders.entrySet()) {
                OccurrenceStory story = schedules.story(order.getValue().id(), today);
                String outcome = describe(story);
                outcomes.put(order.getKey(), outcome);
                out.printf("  %-20s %12s  %s%n", order.getKey(), order.getValue().spec().amount(), outcome);
            }

            Map<String, List<Account>> accounts = new LinkedHashMap<>();
            out.printf("%nAccounts and their ledger:%n");
            for (Map.Entry<String, Customer> entry : customers.entrySet()) {
                Customer customer = entry.getValue();
                out.printf("%n  %s (customer %d), linked account %s, pulled today %s%n", entry.getKey(),
                        customer.id(), customer.linkedAccount(), ledgerBank.pulledToday(customer.id()));
                List<Account> mine = ledger.accounts(customer.id());
                accounts.put(entry.getKey(), mine);
                for (Account account : mine) {
                    out.printf("    %-16s #%-4d posted %14s  held %10s  available %14s%n", account.name(),
                            account.id(), account.posted(), account.held(), account.available());
                    for (Movement movement : ledger.movements(account.id())) {
                        boolean credit = movement.creditAccountId() == account.id();
                        out.printf("      %-10s %s%s  %s%n", movement.kind(), credit ? "+" : "-", movement.amount(),
                                movement.reference());
                    }
                }
            }

            List<ExecutedDebit> executed = banks.executedDebits();
            boolean conserved = conserved(ledger, accounts);
            out.printf("%nThe simulated banks executed %d debits: %d top-ups from linked accounts and %d bill"
                    + " payouts; no key executed twice: %s. Every account's balance equals its entries: %s.%n",
                    executed.size(), executed.stream().filter(d -> d.destination().equals(SETTLEMENT_LINKED)).count(),
                    executed.stream().filter(d -> d.source().equals(SETTLEMENT_BILLERS)).count(),
                    executedOnce(executed), conserved);
            return new Result(customers, accounts, outcomes, executed, conserved && executedOnce(executed));
        }
    }

    private static ScheduleSpec order(String reference, AccountRef source, AccountRef destination, long amount,
            String memo, LocalDate today) {
        return ScheduleSpec.builder()
                .clientReference(reference)
                .source(source)
                .destination(destination)
                .amount(Money.krw(amount))
                .memo(memo)
                .priority(Priority.P1)
                .recurrence(Recurrence.monthly(today, today.getDayOfMonth()))
                .businessDayRule(BusinessDayRule.NONE)
                .build();
    }

    /** SUCCEEDED with the bank's id, or the last refusal with its code and the ledger bank's reason. */
    private static String describe(OccurrenceStory story) {
        String said = "not started";
        for (HistoryEvent event : story.events()) {
            switch (event.type()) {
                case STARTED -> said = "started";
                case SUCCEEDED -> said = "SUCCEEDED (" + event.externalTransactionId() + ")";
                case FAILED -> said = "FAILED " + event.code() + (event.detail() == null ? "" : ": " + event.detail());
                case UNKNOWN -> said = "UNKNOWN " + event.code();
                default -> said = event.type().name();
            }
        }
        return said;
    }

    private static boolean executedOnce(List<ExecutedDebit> executed) {
        return executed.stream().map(ExecutedDebit::idempotencyKey).distinct().count() == executed.size();
    }

    private static boolean conserved(JdbcLedger ledger, Map<String, List<Account>> accounts) {
        List<Boolean> checks = new ArrayList<>();
        accounts.values().forEach(list -> list.forEach(account ->
                checks.add(ledger.entrySum(account.id()).equals(account.posted()) && !account.available().isNegative())));
        return !checks.contains(false);
    }
}
