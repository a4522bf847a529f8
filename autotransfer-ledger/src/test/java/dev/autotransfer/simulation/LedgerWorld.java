package dev.autotransfer.simulation;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.DailyLimitExceededException;
import dev.autotransfer.ledger.InsufficientFundsException;
import dev.autotransfer.ledger.NewCustomer;
import dev.autotransfer.ledger.jdbc.JdbcLedger;
import dev.autotransfer.ledger.jdbc.JdbcLedgerBank;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The accounts of one scenario's world: three customers of the ledger, each with a main account, a
 * savings account and a linked account at the first simulated bank; standing orders from their main
 * accounts into their savings or out to a payee at the second bank, sent by the engines through the
 * ledger's bank; and the customers' own deposits, withdrawals, moves and top-ups between the engines'
 * steps. The first customer starts with an empty main account (every payment pulls), the second has
 * little in its linked account (pulls are refused), the third a daily limit of 500,000 KRW.
 *
 * <p>Its checks read the database's rows and the simulated banks' record, never the engine's belief:
 * <ul>
 *   <li>After every step: every movement's two entries balance; every account's balance is the sum
 *       of its entries and its held amount the sum of its pending holds; no available balance is
 *       negative; no customer's day has pulls (pending or complete) over the limit, in the ledger's
 *       rows or in the linked bank's record of what it executed; a COMPLETE pull and an EXECUTED
 *       payout each executed exactly once at their bank, a FAILED pull and a REFUSED payout never;
 *       and, when nothing is in flight, the money is conserved: the customers' balances are what
 *       they deposited less what they withdrew, plus what the linked bank executed for completed
 *       pulls, less what the payee's bank executed for executed payouts.</li>
 *   <li>After the drain: the same, every pull the linked bank executed completed (or handed to a
 *       person), every payout the payee's bank executed is EXECUTED (or still held for a person), and
 *       no key is left open whose occurrence the engine settled.</li>
 * </ul>
 *
 * <p>Used by the world's controller thread; {@link #internalExecutions()} is called by the checker.
 */
final class LedgerWorld {

    static final int CUSTOMERS = 3;
    private static final long[] LINKED_BALANCES = {50_000_000L, 300_000L, 50_000_000L};
    private static final long[] MAIN_BALANCES = {0L, 200_000L, 1_000_000L};
    private static final Money[] LIMITS = {NewCustomer.DEFAULT_DAILY_PULL_LIMIT, NewCustomer.DEFAULT_DAILY_PULL_LIMIT,
        Money.krw(500_000)};
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private final TestDatabase db;
    private final Jdbi reader;
    private final MutableClock clock;
    private final SimulatedBank bank;
    private final Stats stats;
    private final Consumer<String> violations;
    private final List<String> trace;
    private final String code;
    private final String pullPrefix;
    private final String engineKeyPrefix;
    private final String referencePrefix;
    private final AccountRef settlementLinked;
    private final AccountRef settlementPayee;
    private final AccountRef payee;
    private final JdbcLedger ledger;
    private final JdbcLedgerBank controllerBank;
    private final List<Customer> customers = new ArrayList<>();
    private final long[] savings = new long[CUSTOMERS];
    private final List<Long> accountIds = new ArrayList<>();
    private final long movementFloor;
    private final Set<Long> movementsSeen = new HashSet<>();
    private final List<ExecutedDebit> internal = new ArrayList<>();
    /** Something may have written the ledger's rows since the last check (only the ledger's bank and the operations here do). */
    private volatile boolean touched = true;
    private long deposited;
    private long withdrawn;
    private int operations;

    LedgerWorld(TestDatabase db, DataSource app, MutableClock clock, SimulatedBank bank, String linkedBank,
            String payeeBank, String tag, long seed, String engineKeyPrefix, Stats stats, Consumer<String> violations,
            List<String> trace) {
        this.db = db;
        // the checks read through the application's pool: a connection per statement (the reader's data
        // source) would cost more than the checks themselves on the server databases
        this.reader = Jdbi.create(app);
        this.clock = clock;
        this.bank = bank;
        this.stats = stats;
        this.violations = violations;
        this.trace = trace;
        this.code = "LG" + tag;
        this.pullPrefix = "LG" + tag + "-";
        this.engineKeyPrefix = engineKeyPrefix;
        this.referencePrefix = "sim-" + tag + seed + "-";
        this.settlementLinked = AccountRef.of(linkedBank, "900-0000-0001");
        this.settlementPayee = AccountRef.of(payeeBank, "900-0000-0002");
        this.payee = AccountRef.of(payeeBank, "300-0000-0123");
        bank.openAccount(settlementLinked, Money.krw(0));
        bank.openAccount(settlementPayee, Money.krw(1_000_000_000_000L));
        bank.openAccount(payee, Money.krw(0));
        this.movementFloor = reader.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM at_movement")
                .mapTo(Long.class).one());
        this.ledger = JdbcLedger.create(app, db.dialect(), clock);
        this.controllerBank = bank(ledger, UnaryOperator.identity());
        for (int c = 0; c < CUSTOMERS; c++) {
            AccountRef linked = AccountRef.of(linkedBank, "210-0000-000" + c);
            bank.openAccount(linked, Money.krw(LINKED_BALANCES[c]));
            Customer customer = ledger.signUp(new NewCustomer(referencePrefix + "c" + c, linked, LIMITS[c], SEOUL));
            customers.add(customer);
            savings[c] = ledger.openSavings(customer.id(), "Savings").id();
            accountIds.add(customer.mainAccountId());
            accountIds.add(savings[c]);
            if (MAIN_BALANCES[c] > 0) {
                ledger.deposit(referencePrefix + "start-" + c, customer.mainAccountId(), Money.krw(MAIN_BALANCES[c]));
                deposited += MAIN_BALANCES[c];
            }
        }
    }

    /** The ledger's bank code, the source bank of the standing orders from the customers' accounts. */
    String code() {
        return code;
    }

    /** The ledger's bank for an engine: over its own data source, its calls to the outside banks wrapped. */
    JdbcLedgerBank engineBank(DataSource source, UnaryOperator<BankClient> outside) {
        return bank(JdbcLedger.create(source, db.dialect(), clock), outside);
    }

    private JdbcLedgerBank bank(JdbcLedger on, UnaryOperator<BankClient> outside) {
        return JdbcLedgerBank.builder(on).bankCode(code).keyPrefix(pullPrefix)
                .outsideBank(settlementLinked, outside.apply(bank.client(settlementLinked.bankCode())))
                .outsideBank(settlementPayee, outside.apply(bank.client(settlementPayee.bankCode())))
                .build();
    }

    AccountRef main(int customer) {
        return controllerBank.accountRef(customers.get(Math.floorMod(customer, CUSTOMERS)).mainAccountId());
    }

    AccountRef savings(int customer) {
        return controllerBank.accountRef(savings[Math.floorMod(customer, CUSTOMERS)]);
    }

    AccountRef payee() {
        return payee;
    }

    /** The ledger's bank is being called, or an operation here writes the ledger: the next check reads again. */
    void touch() {
        touched = true;
    }

    /** Whether the ledger moved money under this key itself (an internal move), as its rows say. */
    boolean executedInternally(String key) {
        return reader.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM at_movement WHERE reference = :key")
                .bind("key", key).mapTo(Long.class).one()) > 0;
    }

    /** Money a person puts into the account (before requeueing an occurrence that was short). */
    void fund(AccountRef account, Money amount) {
        long id = controllerBank.accountId(account).orElseThrow();
        touch();
        String reference = referencePrefix + "fund-" + (++operations);
        ledger.deposit(reference, id, amount);
        deposited += amount.minorUnits();
        touch();
    }

    // ---- the customers' own operations -------------------------------------------------------------

    void apply(Op.Account op) {
        int index = Math.floorMod(op.customer(), CUSTOMERS);
        Customer customer = customers.get(index);
        long main = customer.mainAccountId();
        long save = savings[index];
        Money amount = Money.krw(op.amount());
        String reference = referencePrefix + "op-" + (++operations);
        stats.fault("accountOperations");
        touch();
        try {
            switch (op.action()) {
                case DEPOSIT_MAIN -> deposit(reference, main, amount);
                case DEPOSIT_SAVINGS -> deposit(reference, save, amount);
                case WITHDRAW_MAIN -> withdraw(reference, main, amount);
                case WITHDRAW_SAVINGS -> withdraw(reference, save, amount);
                case MAIN_TO_SAVINGS -> ledger.move(reference, main, save, amount);
                case SAVINGS_TO_MAIN -> ledger.move(reference, save, main, amount);
                case TOP_UP -> {
                    trace.add("  pull " + controllerBank.topUp(reference, customer.id(), amount).status());
                    stats.fault("accountTopUps");
                }
                case RESOLVE_PULLS -> trace.add("  settled " + controllerBank.resolvePendingPulls(20) + " pending pulls");
            }
        } catch (DailyLimitExceededException e) {
            stats.fault("ledgerLimitRefusals");
            trace.add("  refused: " + e.getMessage());
        } catch (InsufficientFundsException e) {
            trace.add("  refused: " + e.getMessage());
        } finally {
            touch();
        }
    }

    private void deposit(String reference, long account, Money amount) {
        try {
            ledger.deposit(reference, account, amount);
        } finally {
            // what the ledger accepted, whatever the call answered
            if (ledger.movement(reference).isPresent()) {
                deposited += amount.minorUnits();
            }
        }
    }

    private void withdraw(String reference, long account, Money amount) {
        try {
            ledger.withdraw(reference, account, amount);
        } finally {
            if (ledger.movement(reference).isPresent()) {
                withdrawn += amount.minorUnits();
            }
        }
    }

    /** Whether a pull is still pending that is not waiting for a person, or the banks hold requests back. */
    boolean unsettled() {
        return bank.pendingLateRequests() > 0 || reader.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM at_pull WHERE customer_id IN (<customers>) AND status = 'PENDING'
                        AND (code IS NULL OR code NOT IN ('REQUEST_EXPIRED', 'ECHO_MISMATCH'))""")
                .bindList("customers", customers.stream().map(Customer::id).toList()).mapTo(Long.class).one()) > 0;
    }

    /** One round of the drain: pulls left pending are settled as an integrator's periodic job would. */
    void resolvePendingPulls() {
        touch();
        controllerBank.resolvePendingPulls(1_000);
        touch();
    }

    // ---- what the ledger executed itself, for the checker --------------------------------------------

    /**
     * The moves the ledger executed under the engine's keys (savings installments: no outside bank
     * saw them), in the order they were read; only grows.
     */
    synchronized List<ExecutedDebit> internalExecutions() {
        return List.copyOf(internal);
    }

    /** New movements of this scenario: each must balance; the engine's moves join the internal record. */
    private synchronized void readMovements() {
        List<Map<String, Object>> rows = reader.withHandle(h -> h.createQuery("""
                SELECT m.id, m.reference, m.kind, m.amount_minor, m.debit_account_id, m.credit_account_id,
                    COALESCE(SUM(e.amount_minor), 0) AS total, COUNT(e.id) AS legs
                FROM at_movement m LEFT JOIN at_ledger_entry e ON e.movement_id = m.id
                WHERE m.id > :floor
                GROUP BY m.id, m.reference, m.kind, m.amount_minor, m.debit_account_id, m.credit_account_id
                ORDER BY m.id""").bind("floor", movementFloor).mapToMap().list());
        for (Map<String, Object> row : rows) {
            long id = number(row, "id");
            if (!movementsSeen.add(id)) {
                continue;
            }
            if (number(row, "total") != 0 || number(row, "legs") != 2) {
                violations.accept("LEDGER: movement " + id + " (" + row.get("reference") + ") has " + row.get("legs")
                        + " entries summing to " + row.get("total"));
            }
            String reference = (String) row.get("reference");
            if ("MOVE".equals(row.get("kind")) && reference.startsWith(engineKeyPrefix)) {
                internal.add(new ExecutedDebit(reference,
                        controllerBank.accountRef(number(row, "debit_account_id")),
                        controllerBank.accountRef(number(row, "credit_account_id")),
                        Money.krw(number(row, "amount_minor")), clock.instant(), "AT-MV-" + id));
            }
        }
    }

    // ---- the checks ---------------------------------------------------------------------------------

    /**
     * The checks of every step.
     *
     * @param quiet nothing is in flight (the deterministic stepper between steps, or after the drain):
     *     the rows of several tables can be compared with each other and with the banks' record
     */
    void check(boolean quiet) {
        if (!touched) {
            // nothing wrote the ledger since the last check: its rows and the banks' record of it are as they
            // were (every call of the ledger's bank touches before it starts and after it returns, so with real
            // threads a write in flight during a check is read by the next one)
            return;
        }
        touched = false;
        readMovements();
        Map<Long, long[]> balances = balances();
        // the rows first, then the banks' record: a bank executes before the ledger commits what it answered,
        // so with real threads a row read first never names an execution the record read after lacks
        List<Map<String, Object>> pullRows = pullRows();
        List<Map<String, Object>> payoutRows = payoutRows();
        Map<String, Long> executed = new HashMap<>();
        Map<String, Long> executedAmounts = new HashMap<>();
        for (ExecutedDebit debit : bank.executedDebits()) {
            executed.merge(debit.idempotencyKey(), 1L, Long::sum);
            executedAmounts.merge(debit.idempotencyKey(), debit.amount().minorUnits(), Long::sum);
        }
        long completedPulls = pulls(pullRows, executed, executedAmounts);
        long paidOut = payouts(payoutRows, executed, executedAmounts);
        if (quiet) {
            long posted = balances.values().stream().mapToLong(b -> b[0]).sum();
            long expected = deposited - withdrawn + completedPulls - paidOut;
            if (posted != expected) {
                violations.accept("MONEY NOT CONSERVED: the customers hold " + posted + " but deposited " + deposited
                        + ", withdrew " + withdrawn + ", the linked bank executed " + completedPulls
                        + " for completed pulls and the payee's bank " + paidOut + " for executed payouts: "
                        + (deposited - withdrawn + completedPulls - paidOut));
            }
        }
    }

    /** Each account's posted and held amounts, checked against its entries and pending holds (one statement). */
    private Map<Long, long[]> balances() {
        List<Map<String, Object>> rows = reader.withHandle(h -> h.createQuery("""
                SELECT a.id, a.posted_minor, a.held_minor,
                    (SELECT COALESCE(SUM(e.amount_minor), 0) FROM at_ledger_entry e WHERE e.account_id = a.id) AS entries,
                    (SELECT COALESCE(SUM(o.amount_minor), 0) FROM at_hold o
                        WHERE o.account_id = a.id AND o.status = 'PENDING') AS pending
                FROM at_account a WHERE a.id IN (<ids>)""").bindList("ids", accountIds).mapToMap().list());
        Map<Long, long[]> balances = new HashMap<>();
        for (Map<String, Object> row : rows) {
            long id = number(row, "id");
            long posted = number(row, "posted_minor");
            long held = number(row, "held_minor");
            if (posted != number(row, "entries")) {
                violations.accept("LEDGER: account " + id + " has balance " + posted + " but its entries sum to "
                        + row.get("entries"));
            }
            if (held != number(row, "pending")) {
                violations.accept("LEDGER: account " + id + " holds " + held + " but its pending holds sum to "
                        + row.get("pending"));
            }
            if (posted - held < 0) {
                violations.accept("NEGATIVE BALANCE: account " + id + " has " + posted + " with " + held + " held");
            }
            balances.put(id, new long[] {posted, held});
        }
        return balances;
    }

    /**
     * The pulls against the linked bank's record and the limit; answers what the linked bank executed
     * for the completed ones.
     */
    private List<Map<String, Object>> pullRows() {
        return reader.withHandle(h -> h.createQuery("""
                SELECT p.id, p.customer_id, p.business_date, p.amount_minor, p.status, p.idempotency_key, p.code,
                    c.daily_pull_limit_minor
                FROM at_pull p JOIN at_customer c ON c.id = p.customer_id
                WHERE p.customer_id IN (<customers>)""")
                .bindList("customers", customers.stream().map(Customer::id).toList()).mapToMap().list());
    }

    private long pulls(List<Map<String, Object>> rows, Map<String, Long> executed, Map<String, Long> executedAmounts) {
        long completed = 0;
        Map<String, Long> reserved = new HashMap<>();
        Map<String, Long> pulledByBank = new HashMap<>();
        Map<String, Long> limits = new HashMap<>();
        for (Map<String, Object> row : rows) {
            String key = (String) row.get("idempotency_key");
            String status = (String) row.get("status");
            long amount = number(row, "amount_minor");
            long times = executed.getOrDefault(key, 0L);
            String day = row.get("customer_id") + " on " + Checker.localDate(row.get("business_date"));
            limits.put(day, number(row, "daily_pull_limit_minor"));
            if (!"FAILED".equals(status)) {
                reserved.merge(day, amount, Long::sum);
            }
            pulledByBank.merge(day, executedAmounts.getOrDefault(key, 0L), Long::sum);
            if ("COMPLETE".equals(status)) {
                completed += executedAmounts.getOrDefault(key, 0L);
                if (times != 1 || executedAmounts.get(key) != amount) {
                    violations.accept("PULL: pull " + row.get("id") + " is COMPLETE but the linked bank executed key "
                            + key + " " + times + " times");
                }
            } else if ("FAILED".equals(status) && times != 0) {
                violations.accept("PULL: pull " + row.get("id") + " FAILED (" + row.get("code")
                        + ") but the linked bank executed key " + key);
            }
        }
        reserved.forEach((day, sum) -> {
            if (sum > limits.get(day)) {
                violations.accept("DAILY LIMIT: customer " + day + " has " + sum + " pulled or pending, over "
                        + limits.get(day));
            }
        });
        pulledByBank.forEach((day, sum) -> {
            if (sum > limits.get(day)) {
                violations.accept("DAILY LIMIT: the linked bank executed " + sum + " of pulls for customer " + day
                        + ", over " + limits.get(day));
            }
        });
        return completed;
    }

    /** The payouts against the payee's bank's record; answers what it executed for the EXECUTED ones. */
    private long payouts(List<Map<String, Object>> rows, Map<String, Long> executed,
            Map<String, Long> executedAmounts) {
        long paid = 0;
        for (Map<String, Object> row : rows) {
            String key = (String) row.get("idempotency_key");
            String status = (String) row.get("status");
            long times = executed.getOrDefault(key, 0L);
            if ("EXECUTED".equals(status)) {
                paid += executedAmounts.getOrDefault(key, 0L);
                if (times != 1 || executedAmounts.get(key) != number(row, "amount_minor")) {
                    violations.accept("PAYOUT: key " + key + " is EXECUTED but the payee's bank executed it " + times
                            + " times");
                }
            } else if ("REFUSED".equals(status) && times != 0) {
                violations.accept("PAYOUT: key " + key + " was REFUSED (" + row.get("code")
                        + ") but the payee's bank executed it");
            }
        }
        return paid;
    }

    private List<Map<String, Object>> payoutRows() {
        return reader.withHandle(h -> h.createQuery("""
                SELECT idempotency_key, status, held, amount_minor, code FROM at_ledger_transfer
                WHERE source_account_id IN (<ids>) AND destination_bank = :payeeBank""")
                .bindList("ids", accountIds).bind("payeeBank", payee.bankCode()).mapToMap().list());
    }

    /** The final reconciliation, after the drain: nothing the banks executed is left unaccounted for. */
    void afterDrain() {
        touch();
        check(true);
        Set<String> executedKeys = bank.executedDebits().stream().map(ExecutedDebit::idempotencyKey)
                .collect(Collectors.toSet());
        reader.useHandle(h -> h.createQuery("""
                        SELECT id, status, idempotency_key, code FROM at_pull
                        WHERE customer_id IN (<customers>) AND status = 'PENDING'""")
                .bindList("customers", customers.stream().map(Customer::id).toList()).mapToMap().forEach(row -> {
                    // a person must look at these (the engine escalates its own the same way): a key the bank
                    // may have forgotten, an answer that names another transfer
                    if ("REQUEST_EXPIRED".equals(row.get("code")) || "ECHO_MISMATCH".equals(row.get("code"))) {
                        stats.fault("pullsHandedToPerson");
                    } else {
                        violations.accept("PULL: pull " + row.get("id") + " is still PENDING (" + row.get("code")
                                + ") after the drain; the linked bank executed it: "
                                + executedKeys.contains((String) row.get("idempotency_key")) + ", received it "
                                + bank.requestsReceived((String) row.get("idempotency_key")) + " times, holds "
                                + bank.pendingLateRequests() + " late requests");
                    }
                }));
        // a key still open after the drain: its occurrence must not have been settled by the engine
        reader.useHandle(h -> h.createQuery("""
                        SELECT t.idempotency_key, t.held, t.code,
                            (SELECT COUNT(*) FROM at_history y WHERE y.idempotency_key = t.idempotency_key
                                AND y.event_type IN ('SUCCEEDED', 'FAILED')) AS settled
                        FROM at_ledger_transfer t
                        WHERE t.source_account_id IN (<ids>) AND t.status = 'OPEN'""")
                .bindList("ids", accountIds).mapToMap().forEach(row -> {
                    if (number(row, "settled") > 0) {
                        violations.accept("LEDGER: key " + row.get("idempotency_key") + " is still OPEN at the ledger"
                                + " (held " + row.get("held") + ", " + row.get("code") + ") but the engine recorded"
                                + " an outcome for it");
                    } else {
                        stats.fault("ledgerKeysHandedToPerson");
                    }
                }));
        tally();
    }

    /** What the scenario's accounts went through, for the run's figures (and its coverage check). */
    private void tally() {
        reader.useHandle(h -> {
            h.createQuery("""
                            SELECT t.status, t.code, t.destination_bank, p.status AS pull
                            FROM at_ledger_transfer t LEFT JOIN at_pull p ON p.id = t.pull_id
                            WHERE t.source_account_id IN (<ids>)""")
                    .bindList("ids", accountIds).mapToMap().forEach(row -> {
                        boolean out = payee.bankCode().equals(row.get("destination_bank"));
                        if ("EXECUTED".equals(row.get("status"))) {
                            stats.fault(out ? "ledgerPayouts" : "ledgerMoves");
                        }
                        if ("COMPLETE".equals(row.get("pull"))) {
                            stats.fault("ledgerTopUpsForTransfers");
                        }
                        if ("LIMIT_EXCEEDED".equals(row.get("code"))) {
                            stats.fault("ledgerLimitRefusals");
                        }
                    });
        });
    }

    private static long number(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) value).longValue();
    }

    /** For the trace: the customers' balances now. */
    String balancesLine() {
        return balances().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()[0] + "/" + e.getValue()[1])
                .collect(Collectors.joining(" ", "  accounts (posted/held) ", ""));
    }
}
