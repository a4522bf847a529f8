package dev.autotransfer.ledger.jdbc;

import dev.autotransfer.bank.Money;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.JdbiStores;
import dev.autotransfer.ledger.Account;
import dev.autotransfer.ledger.AccountKind;
import dev.autotransfer.ledger.AccountLocks;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.Hold;
import dev.autotransfer.ledger.HoldStatus;
import dev.autotransfer.ledger.InsufficientFundsException;
import dev.autotransfer.ledger.Ledger;
import dev.autotransfer.ledger.LedgerEntry;
import dev.autotransfer.ledger.LockUnavailableException;
import dev.autotransfer.ledger.Movement;
import dev.autotransfer.ledger.MovementKind;
import dev.autotransfer.ledger.NewCustomer;
import dev.autotransfer.ledger.StaleLockException;
import dev.autotransfer.ledger.internal.LedgerRows;
import dev.autotransfer.ledger.internal.LedgerSignals;
import dev.autotransfer.ledger.internal.LedgerSql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@link Ledger} on a JDBC database with the autotransfer schema installed (H2, PostgreSQL or
 * MariaDB/MySQL; the ledger's tables {@code at_customer}, {@code at_account}, {@code at_movement},
 * {@code at_ledger_entry} and {@code at_hold} are part of autotransfer-jdbc's schema).
 *
 * <p>Each call is one short READ COMMITTED transaction. A balance changes only through a
 * conditional {@code UPDATE} of its account row ({@code posted - held} stays at or above zero, and
 * a CHECK constraint refuses it too), so concurrent calls on one account wait for each other's row
 * lock and none is lost. A transaction updates its accounts in ascending id order before it inserts
 * the rows that reference them (MariaDB's foreign-key checks take shared locks on the referenced
 * rows, which would otherwise deadlock two calls on one account); the clearing account of a currency
 * is never updated, so deposits from the whole fleet never queue on one row. The unique reference of
 * a movement or hold decides a race between two nodes sending the same call: the loser's
 * transaction rolls back and it answers the winner's row. Deadlocks, lock timeouts and lost
 * connections are retried up to three times (safe: a retry carries the same reference). Connect as
 * the application role; failures throw {@link AutoTransferJdbcException} with the driver's exception
 * as cause and no account number in the message.
 *
 * <p>Immutable and thread-safe; the data source must hand out independent connections (a pool).
 */
public final class JdbcLedger implements Ledger {

    private static final int MAX_REFERENCE = 120;
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;
    private final Map<Currency, Long> clearingAccounts;
    /** Moves under an {@link AccountLocks} lock, or null: the database's row locks serialize them. */
    private final LockedMoves lockedMoves;
    private final LedgerHolds holds = new LedgerHolds(this);

    private JdbcLedger(DataSource dataSource, Dialect dialect, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = dialect != null ? dialect : Dialect.detect(dataSource);
        this.jdbi = JdbiStores.jdbi(dataSource, this.dialect);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clearingAccounts = new ConcurrentHashMap<>();
        this.lockedMoves = null;
    }

    private JdbcLedger(JdbcLedger base, AccountLocks locks, Duration ttl, Duration wait) {
        this.dataSource = base.dataSource;
        this.dialect = base.dialect;
        this.jdbi = base.jdbi;
        this.clock = base.clock;
        this.clearingAccounts = base.clearingAccounts;
        this.lockedMoves = new LockedMoves(this, locks, ttl, wait);
    }

    /** A ledger on the data source with the system UTC clock; detects the dialect. */
    public static JdbcLedger create(DataSource dataSource) {
        return new JdbcLedger(Objects.requireNonNull(dataSource, "dataSource"), null, Clock.systemUTC());
    }

    /** A ledger on the data source whose {@code created_at} and {@code settled_at} come from {@code clock}. */
    public static JdbcLedger create(DataSource dataSource, Dialect dialect, Clock clock) {
        return new JdbcLedger(Objects.requireNonNull(dataSource, "dataSource"),
                Objects.requireNonNull(dialect, "dialect"), clock);
    }

    /**
     * This ledger with moves serialized by {@code locks} (B6), for example a Redis lock: a move takes
     * the lock of each customer it touches (in id order), then, in its transaction, checks each lease's
     * fencing token against the highest the database has seen for the customer and updates the two
     * balances only if their {@code version} is still the one it read. A lease that expired or a lock
     * service that failed over therefore cannot make a move overdraw or lose another's update: the
     * stale holder gets {@link StaleLockException} or retries on a fresh version. Deposits,
     * withdrawals and holds keep using the database's row locks.
     *
     * @param ttl how long a lock holds if its holder dies (at least 100 ms)
     * @param wait how long a move waits for the lock before {@link LockUnavailableException}
     */
    public JdbcLedger withLocks(AccountLocks locks, Duration ttl, Duration wait) {
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(wait, "wait");
        if (ttl.compareTo(Duration.ofMillis(100)) < 0 || wait.isNegative()) {
            throw new IllegalArgumentException("ttl must be at least 100 ms and wait not negative, were " + ttl
                    + " and " + wait);
        }
        return new JdbcLedger(this, locks, ttl, wait);
    }

    /** The installation id of the schema the ledger is on, for {@link JdbcLedgerBank}'s keys. */
    String installationId() {
        return JdbiStores.installationId(dataSource, dialect);
    }

    /** The statement {@code name} under {@code dev/autotransfer/ledger/sql/} for this ledger's dialect. */
    String sql(String name) {
        return LedgerSql.get(dialect, name);
    }

    @Override
    public Customer signUp(NewCustomer customer) {
        Objects.requireNonNull(customer, "customer");
        Optional<Customer> existing = customerByReference(customer.clientReference());
        if (existing.isPresent()) {
            return LedgerRows.sameOrConflict(existing.get(), customer);
        }
        Instant now = now();
        try {
            return write("signing up clientReference '" + customer.clientReference() + "'", handle -> {
                long id = handle.createUpdate(sql("customer/insert.sql"))
                        .bind("ref", customer.clientReference())
                        .bind("zone", customer.zone().getId())
                        .bind("currency", customer.dailyPullLimit().currency().getCurrencyCode())
                        .bind("limit", customer.dailyPullLimit().minorUnits())
                        .bind("bank", customer.linkedAccount().bankCode())
                        .bind("account", customer.linkedAccount().accountNumber())
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                long main = insertAccount(handle, id, AccountKind.MAIN, "Main",
                        customer.dailyPullLimit().currency(), now);
                handle.createUpdate(sql("customer/set_main_account.sql"))
                        .bind("main", main).bind("id", id).execute();
                return new Customer(id, customer.clientReference(), customer.zone(), customer.dailyPullLimit(),
                        customer.linkedAccount(), main, now);
            });
        } catch (LedgerSignals.DuplicateReference e) {
            return customerByReference(customer.clientReference())
                    .map(winner -> LedgerRows.sameOrConflict(winner, customer))
                    .orElseThrow(() -> e.failure());
        }
    }

    @Override
    public Optional<Customer> customer(long customerId) {
        return read("reading customer " + customerId, handle -> handle
                .createQuery(sql("customer/select_by_id.sql"))
                .bind("id", customerId).map(LedgerRows::customerRow).findOne());
    }

    private Optional<Customer> customerByReference(String reference) {
        return read("reading customer '" + reference + "'", handle -> handle
                .createQuery(sql("customer/select_by_reference.sql"))
                .bind("ref", reference).map(LedgerRows::customerRow).findOne());
    }

    @Override
    public Account openSavings(long customerId, String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("name must be 1..64 characters and not blank, was '" + name + "'");
        }
        Customer owner = customer(customerId).orElseThrow(() ->
                new IllegalArgumentException("customerId " + customerId + " does not exist"));
        Instant now = now();
        long id = write("opening a savings account of customer " + customerId, handle ->
                insertAccount(handle, customerId, AccountKind.SAVINGS, name, owner.dailyPullLimit().currency(), now));
        return account(id).orElseThrow();
    }

    @Override
    public Optional<Account> account(long accountId) {
        return read("reading account " + accountId, handle -> handle
                .createQuery(sql("account/select_by_id.sql"))
                .bind("id", accountId).map(LedgerRows::accountRow).findOne());
    }

    @Override
    public List<Account> accounts(long customerId) {
        return read("reading the accounts of customer " + customerId, handle -> handle
                .createQuery(sql("account/select_by_customer.sql"))
                .bind("id", customerId).map(LedgerRows::accountRow).list());
    }

    private long insertAccount(Handle handle, Long customerId, AccountKind kind, String name, Currency currency,
            Instant now) {
        return handle.createUpdate(sql("account/insert.sql"))
                .bind("customer", customerId)
                .bind("kind", kind.name())
                .bind("systemKey", kind == AccountKind.SYSTEM ? clearingKey(currency) : null)
                .bind("name", name)
                .bind("currency", currency.getCurrencyCode())
                .bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static String clearingKey(Currency currency) {
        return "CLEARING:" + currency.getCurrencyCode();
    }

    /** The clearing account of the currency, created by the first call that needs it. */
    long clearing(Currency currency) {
        Long known = clearingAccounts.get(currency);
        if (known != null) {
            return known;
        }
        Supplier<Optional<Long>> lookup = () -> read("reading the clearing account of " + currency, handle -> handle
                .createQuery(sql("account/select_clearing.sql"))
                .bind("key", clearingKey(currency)).mapTo(Long.class).findOne());
        long id = lookup.get().orElseGet(() -> {
            try {
                return write("creating the clearing account of " + currency, handle ->
                        insertAccount(handle, null, AccountKind.SYSTEM, "Clearing " + currency, currency, now()));
            } catch (LedgerSignals.DuplicateReference e) {
                return lookup.get().orElseThrow(() -> e.failure());
            }
        });
        clearingAccounts.put(currency, id);
        return id;
    }

    @Override
    public Movement deposit(String reference, long accountId, Money amount) {
        Account to = customerAccount(accountId, "accountId", amount);
        return movement(reference, MovementKind.DEPOSIT, clearing(amount.currency()), to.id(), amount);
    }

    @Override
    public Movement withdraw(String reference, long accountId, Money amount) {
        Account from = customerAccount(accountId, "accountId", amount);
        return movement(reference, MovementKind.WITHDRAWAL, from.id(), clearing(amount.currency()), amount);
    }

    @Override
    public Movement move(String reference, long fromAccountId, long toAccountId, Money amount) {
        if (fromAccountId == toAccountId) {
            throw new IllegalArgumentException("fromAccountId and toAccountId are both " + fromAccountId
                    + ": a move needs two accounts");
        }
        Account from = customerAccount(fromAccountId, "fromAccountId", amount);
        Account to = customerAccount(toAccountId, "toAccountId", amount);
        if (lockedMoves != null) {
            checkReference(reference);
            Optional<Movement> existing = movement(reference);
            if (existing.isPresent()) {
                return LedgerRows.sameOrConflict(existing.get(), MovementKind.MOVE, fromAccountId, toAccountId, amount);
            }
            return lockedMoves.move(reference, from, to, amount);
        }
        return movement(reference, MovementKind.MOVE, fromAccountId, toAccountId, amount);
    }

    /** The customer account, checked to exist, not to be SYSTEM, and to hold the amount's currency. */
    Account customerAccount(long accountId, String field, Money amount) {
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("amount must be positive, was " + amount);
        }
        Account account = account(accountId).orElseThrow(() ->
                new IllegalArgumentException(field + " " + accountId + " does not exist"));
        if (account.kind() == AccountKind.SYSTEM) {
            throw new IllegalArgumentException(field + " " + accountId + " is the clearing account of "
                    + account.posted().currency() + ", not a customer account");
        }
        if (!account.posted().currency().equals(amount.currency())) {
            throw new IllegalArgumentException("amount " + amount + " is not in the currency of " + field + " "
                    + accountId + " (" + account.posted().currency() + ")");
        }
        return account;
    }

    private Movement movement(String reference, MovementKind kind, long debit, long credit, Money amount) {
        checkReference(reference);
        Optional<Movement> existing = movement(reference);
        if (existing.isPresent()) {
            return LedgerRows.sameOrConflict(existing.get(), kind, debit, credit, amount);
        }
        Instant now = now();
        long clearing = clearing(amount.currency());
        try {
            return write("recording " + kind + " '" + reference + "'",
                    handle -> recordMovement(handle, reference, kind, debit, credit, amount, clearing, now));
        } catch (LedgerSignals.DuplicateReference e) {
            return movement(reference).map(winner -> LedgerRows.sameOrConflict(winner, kind, debit, credit, amount))
                    .orElseThrow(() -> e.failure());
        } catch (LedgerSignals.Refused e) {
            // a twin of this call may have committed first and spent the balance: answer it
            Optional<Movement> winner = movement(reference);
            if (winner.isPresent()) {
                return LedgerRows.sameOrConflict(winner.get(), kind, debit, credit, amount);
            }
            throw insufficient(e.accountId(), amount);
        }
    }

    /**
     * The body of a movement's transaction, for this class and {@link JdbcLedgerBank}: balances first,
     * in id order, then the rows that reference the accounts (see the class comment).
     *
     * @throws LedgerSignals.Refused when a debited account's available balance is short
     */
    Movement recordMovement(Handle handle, String reference, MovementKind kind, long debit, long credit, Money amount,
            long clearing, Instant now) {
        for (long account : debit < credit ? new long[] {debit, credit} : new long[] {credit, debit}) {
            long delta = account == debit ? -amount.minorUnits() : amount.minorUnits();
            if (account != clearing && !changeBalance(handle, account, delta, amount.currency())) {
                throw new LedgerSignals.Refused(account);
            }
        }
        return insertMovement(handle, reference, kind, debit, credit, amount, now);
    }

    /** Adds {@code delta} to a customer account's posted balance if its available balance stays at or above zero. */
    private boolean changeBalance(Handle handle, long accountId, long delta, Currency currency) {
        int rows = handle.createUpdate(sql("account/change_balance.sql"))
                .bind("delta", delta).bind("id", accountId).bind("currency", currency.getCurrencyCode()).execute();
        return rows == 1;
    }

    Movement insertMovement(Handle handle, String reference, MovementKind kind, long debit, long credit,
            Money amount, Instant now) {
        long id = handle.createUpdate(sql("movement/insert.sql"))
                .bind("ref", reference).bind("kind", kind.name()).bind("debit", debit).bind("credit", credit)
                .bind("amount", amount.minorUnits()).bind("currency", amount.currency().getCurrencyCode())
                .bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        for (long[] leg : new long[][] {{debit, -amount.minorUnits()}, {credit, amount.minorUnits()}}) {
            handle.createUpdate(sql("ledger_entry/insert.sql"))
                    .bind("movement", id).bind("account", leg[0]).bind("amount", leg[1])
                    .bind("currency", amount.currency().getCurrencyCode()).execute();
        }
        return new Movement(id, reference, kind, debit, credit, amount, now);
    }

    @Override
    public Optional<Movement> movement(String reference) {
        checkReference(reference);
        return read("reading movement '" + reference + "'", handle -> handle
                .createQuery(sql("movement/select_by_reference.sql"))
                .bind("ref", reference).map(LedgerRows::movementRow).findOne());
    }

    @Override
    public Hold placeHold(String reference, long accountId, Money amount) {
        return holds.place(reference, accountId, amount);
    }

    /** The body of a hold's transaction, for {@link JdbcLedgerBank}; see {@link LedgerHolds#recordHold}. */
    Hold recordHold(Handle handle, String reference, long accountId, Money amount, Instant now) {
        return holds.recordHold(handle, reference, accountId, amount, now);
    }

    @Override
    public Hold postHold(String reference) {
        return holds.settle(reference, HoldStatus.POSTED);
    }

    @Override
    public Hold voidHold(String reference) {
        return holds.settle(reference, HoldStatus.VOIDED);
    }

    /** The body of a hold's settlement, for {@link JdbcLedgerBank}; see {@link LedgerHolds#recordSettlement}. */
    boolean recordSettlement(Handle handle, Hold hold, HoldStatus target, long clearing, Instant now) {
        return holds.recordSettlement(handle, hold, target, clearing, now);
    }

    @Override
    public Optional<Hold> hold(String reference) {
        checkReference(reference);
        return read("reading hold '" + reference + "'", handle -> handle
                .createQuery(sql("hold/select_by_reference.sql"))
                .bind("ref", reference).map(LedgerRows::holdRow).findOne());
    }

    @Override
    public List<Movement> movements(long accountId) {
        return read("reading the movements of account " + accountId, handle -> handle
                .createQuery(sql("movement/select_by_account.sql"))
                .bind("id", accountId).map(LedgerRows::movementRow).list());
    }

    @Override
    public List<LedgerEntry> entries(long accountId) {
        Currency currency = account(accountId).orElseThrow(() ->
                new IllegalArgumentException("accountId " + accountId + " does not exist")).posted().currency();
        return read("reading the entries of account " + accountId, handle -> handle
                .createQuery(sql("ledger_entry/select_by_account.sql"))
                .bind("id", accountId)
                .map((rs, ctx) -> new LedgerEntry(rs.getLong("id"), rs.getLong("movement_id"), accountId,
                        new Money(rs.getLong("amount_minor"), currency)))
                .list());
    }

    @Override
    public Money entrySum(long accountId) {
        Currency currency = account(accountId).orElseThrow(() ->
                new IllegalArgumentException("accountId " + accountId + " does not exist")).posted().currency();
        long sum = read("summing the entries of account " + accountId, handle -> handle
                .createQuery(sql("ledger_entry/sum_by_account.sql"))
                .bind("id", accountId).mapTo(Long.class).one());
        return new Money(sum, currency);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static void checkReference(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.isEmpty() || reference.length() > MAX_REFERENCE) {
            throw new IllegalArgumentException("reference must be 1.." + MAX_REFERENCE + " characters, was "
                    + reference.length());
        }
    }

    InsufficientFundsException insufficient(long accountId, Money amount) {
        Money available = account(accountId).map(Account::available).orElse(Money.zero(amount.currency()));
        return new InsufficientFundsException(accountId, amount, available);
    }

    /** Runs a write transaction, retrying lock waits, deadlocks and lost connections. */
    <T> T write(String what, HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return JdbiStores.inReadCommitted(jdbi, dialect, work);
            } catch (JdbiException e) {
                if (JdbiStores.isUniqueViolation(e)) {
                    throw new LedgerSignals.DuplicateReference(JdbiStores.failure(what, e));
                }
                if (!JdbiStores.isRetryable(e) || attempt == ATTEMPTS) {
                    throw JdbiStores.failure(what, e);
                }
            }
        }
    }

    <T> T read(String what, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw JdbiStores.failure(what, e);
        }
    }
}
