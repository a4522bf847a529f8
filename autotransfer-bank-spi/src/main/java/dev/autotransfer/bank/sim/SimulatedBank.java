package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * A deterministic simulation of several banks, with accounts, idempotency keys, injectable faults and
 * an oracle of every debit it really executed.
 *
 * <p>{@link #client(String)} gives the {@link dev.autotransfer.bank.BankClient} of one bank code: it
 * debits accounts at that bank and credits the destination if it is an account in the simulation
 * (otherwise the money leaves the simulation). Each bank behaves as its {@link SimulatedBankConfig}
 * says (defaults until {@link #configure configured}). Faults are drawn from one
 * {@link java.util.SplittableRandom} seeded at construction, time comes from the injected clock, and
 * latency is spent through the injected {@link Sleeper}, so a single-threaded run replays exactly.
 *
 * <p>The oracle ({@link #executedDebits()}, {@link #executionCount(String)}) is append-only and is what
 * invariant tests check "no double debit" against. It counts per key and per occurrence: the dangerous
 * double debit is two keys of one occurrence both executing (for example a new key opened while the
 * first key's late request still executes), which the per-key count cannot see; check
 * {@link #occurrencesExecutedMoreThanOnce()} for that. See {@link #occurrenceOf(String)} for how a key
 * names its occurrence.
 *
 * <p>Thread-safe: every method may be called concurrently; state is guarded by one lock that is
 * never held while sleeping.
 */
public final class SimulatedBank {

    /**
     * The refusal of a transfer that arrived while the bank's limit of calls in flight was reached
     * ({@link SimulatedBankConfigBuilder#maxConcurrentCalls(int)}): not processed, a
     * {@link RejectionCode.Kind#NOT_SENT NOT_SENT} code like {@link RejectionCode#RATE_LIMITED}.
     */
    public static final RejectionCode CONCURRENCY_LIMITED = RejectionCode.of("CONCURRENCY_LIMITED",
            RejectionCode.Kind.NOT_SENT);

    private static final Pattern BANK_CODE = Pattern.compile("[A-Z0-9_-]{2,16}");

    final Object lock = new Object();
    final Clock clock;
    final Sleeper sleeper;
    private final Dice dice;
    private final Ledger ledger = new Ledger();
    private final DebitOracle oracle = new DebitOracle();
    private final Map<String, BankDesk> desks = new TreeMap<>();

    /** A simulation that spends latency with real sleeps (there is no latency unless configured). */
    public SimulatedBank(long seed, Clock clock) {
        this(seed, clock, Sleeper.real());
    }

    /** A simulation seeded with {@code seed}, reading {@code clock} and spending latency through {@code sleeper}. */
    public SimulatedBank(long seed, Clock clock, Sleeper sleeper) {
        this.dice = new Dice(seed);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Sets the behaviour of one bank from now on; its keys, counters and late requests are kept. */
    public void configure(String bankCode, SimulatedBankConfig config) {
        Objects.requireNonNull(config, "config");
        synchronized (lock) {
            desk(bankCode).config = config;
        }
    }

    /** The current behaviour of one bank. */
    public SimulatedBankConfig config(String bankCode) {
        synchronized (lock) {
            return desk(bankCode).config;
        }
    }

    /** The thread-safe client of one bank; clients of the same code share its state. */
    public BankClient client(String bankCode) {
        BankDesk desk;
        synchronized (lock) {
            desk = desk(bankCode);
        }
        return new SimulatedBankClient(this, bankCode, desk);
    }

    /** Opens an account with a non-negative balance; its currency is the balance's. */
    public void openAccount(AccountRef account, Money initialBalance) {
        synchronized (lock) {
            ledger.open(account, initialBalance);
        }
    }

    /** Closes an account: transfers from or to it are refused with {@code ACCOUNT_CLOSED}. */
    public void closeAccount(AccountRef account) {
        synchronized (lock) {
            ledger.close(account);
        }
    }

    /** Adds money to an account from outside the simulation, for example to show funds arriving. */
    public void deposit(AccountRef account, Money amount) {
        synchronized (lock) {
            ledger.deposit(account, amount);
        }
    }

    /** The balance of an open or closed account. */
    public Money balance(AccountRef account) {
        synchronized (lock) {
            return ledger.balance(account);
        }
    }

    /** Forces faults on the next transfer calls of one bank, in order. */
    public void scriptNextTransfer(String bankCode, ScriptedFault... faults) {
        synchronized (lock) {
            BankDesk desk = desk(bankCode);
            for (ScriptedFault fault : faults) {
                desk.script(Objects.requireNonNull(fault, "fault"));
            }
        }
    }

    /** Processes every late request whose delay has passed on the clock, at banks not in an outage; returns how many. */
    public int deliverLateRequests() {
        synchronized (lock) {
            int delivered = 0;
            for (BankDesk desk : desks.values()) {
                delivered += desk.deliverDue(clock.instant());
            }
            return delivered;
        }
    }

    /**
     * Processes every late request now, whatever its delay, including those held by
     * {@link ScriptedFault#LATE_ARRIVAL}, at banks not in an outage; returns how many.
     */
    public int deliverAllLateRequests() {
        synchronized (lock) {
            int delivered = 0;
            for (BankDesk desk : desks.values()) {
                delivered += desk.deliverDue(clock.instant(), true);
            }
            return delivered;
        }
    }

    /** Late requests not yet delivered, at all banks. */
    public int pendingLateRequests() {
        return (int) sum(BankDesk::pendingLateRequests);
    }

    /** The oracle: every debit executed so far, in execution order. */
    public List<ExecutedDebit> executedDebits() {
        synchronized (lock) {
            return oracle.snapshot();
        }
    }

    /** How many times a key was executed at any bank; above 1 is a double debit. */
    public int executionCount(String idempotencyKey) {
        synchronized (lock) {
            return oracle.count(idempotencyKey);
        }
    }

    /**
     * The occurrence a key belongs to. Keys are read as {@code {occurrence}:{attempt}}: the occurrence is
     * the key without its last {@code :n} segment, where {@code n} is a decimal attempt number. The
     * engine's keys are {@code {scheduleId}:{nominalDate}:{n}}, possibly with a prefix before them, so
     * {@code "42:2026-11-25:1"} and {@code "42:2026-11-25:2"} are both occurrence
     * {@code "42:2026-11-25"}, and {@code "eu:42:2026-11-25:3"} is {@code "eu:42:2026-11-25"}. A key
     * whose last segment is not a number, or that has no {@code ':'}, is its own occurrence.
     *
     * @param idempotencyKey any key
     * @return the occurrence id, never null
     */
    public static String occurrenceOf(String idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        int colon = idempotencyKey.lastIndexOf(':');
        if (colon <= 0 || colon == idempotencyKey.length() - 1) {
            return idempotencyKey;
        }
        for (int i = colon + 1; i < idempotencyKey.length(); i++) {
            char c = idempotencyKey.charAt(i);
            if (c < '0' || c > '9') {
                return idempotencyKey;
            }
        }
        return idempotencyKey.substring(0, colon);
    }

    /**
     * How many debits executed, at any bank and under any key, for one occurrence (see
     * {@link #occurrenceOf(String)}); above 1 is a double debit even if every key executed once.
     *
     * @param occurrenceId an occurrence, for example {@code "42:2026-11-25"}
     */
    public int executionsForOccurrence(String occurrenceId) {
        Objects.requireNonNull(occurrenceId, "occurrenceId");
        synchronized (lock) {
            return oracle.countForOccurrence(occurrenceId);
        }
    }

    /**
     * The oracle grouped by occurrence: each occurrence that executed, in the order of its first
     * execution, with its debits in execution order. A snapshot; unmodifiable.
     */
    public Map<String, List<ExecutedDebit>> debitsByOccurrence() {
        synchronized (lock) {
            return Collections.unmodifiableMap(oracle.byOccurrence());
        }
    }

    /**
     * The occurrences debited more than once, under one key or several, in the order of their first
     * execution; empty when invariant 1 ("no double debit") holds.
     */
    public List<String> occurrencesExecutedMoreThanOnce() {
        synchronized (lock) {
            return oracle.occurrencesExecutedMoreThanOnce();
        }
    }

    /**
     * How often each fault was actually hit, summed over all banks; faults forced with
     * {@link #scriptNextTransfer} are counted apart from the random ones.
     */
    public FaultCounts faultCounts() {
        synchronized (lock) {
            FaultCounts total = FaultCounts.NONE;
            for (BankDesk desk : desks.values()) {
                total = total.plus(desk.counters.faultCounts(desk.forgottenKeys()));
            }
            return total;
        }
    }

    /** How often each fault was actually hit at one bank, for example its quota's refusals. */
    public FaultCounts faultCounts(String bankCode) {
        synchronized (lock) {
            BankDesk desk = desk(bankCode);
            return desk.counters.faultCounts(desk.forgottenKeys());
        }
    }

    /** How many transfer requests with this key reached any bank (timeouts and refusals included). */
    public int requestsReceived(String idempotencyKey) {
        return (int) sum(desk -> desk.counters.receivedFor(idempotencyKey));
    }

    /** All transfer requests received by all banks. */
    public long totalRequests() {
        return sum(desk -> desk.counters.received);
    }

    /** All inquiries received by all banks. */
    public long totalInquiries() {
        return sum(desk -> desk.counters.inquiries);
    }

    /** How many requests were processed a second time by the duplicate delivery fault. */
    public long duplicateDeliveries() {
        return sum(desk -> desk.counters.duplicateDeliveries);
    }

    /** How many keys were forgotten because their retention passed. */
    public long forgottenKeys() {
        return sum(BankDesk::forgottenKeys);
    }

    /**
     * The most transfer requests that arrived at one bank, admitted or refused (by its quota, its
     * concurrency limit or anything else), within any sliding one-second window {@code (t - 1 s, t]} of
     * the clock. Above the bank's {@code requestsPerSecond}, its clients offered more than its quota.
     */
    public int maxObservedRequestsPerSecond(String bankCode) {
        synchronized (lock) {
            return desk(bankCode).maxObservedPerSecond();
        }
    }

    /**
     * The calls (transfers and inquiries) in flight at one bank now: arrived, let through its
     * concurrency limit, and not yet answered.
     */
    public int callsInFlight(String bankCode) {
        synchronized (lock) {
            return desk(bankCode).callsInFlight();
        }
    }

    /**
     * The highest number of calls (transfers and inquiries) in flight at one bank so far, whether or not
     * a limit is configured; never above {@link SimulatedBankConfig#maxConcurrentCalls()} when it is.
     */
    public int maxCallsInFlight(String bankCode) {
        synchronized (lock) {
            return desk(bankCode).maxCallsInFlight();
        }
    }

    BankDesk desk(String bankCode) {
        Objects.requireNonNull(bankCode, "bankCode");
        BankDesk desk = desks.get(bankCode);
        if (desk == null) {
            if (!BANK_CODE.matcher(bankCode).matches()) {
                throw new IllegalArgumentException(
                        "bankCode '" + bankCode + "' must be 2 to 16 upper-case letters, digits, '-' or '_'");
            }
            Counters counters = new Counters();
            desk = new BankDesk(dice, new Teller(bankCode, ledger, oracle, dice, counters),
                    SimulatedBankConfig.ofDefaults(), counters);
            desks.put(bankCode, desk);
        }
        return desk;
    }

    private long sum(ToLongFunction<BankDesk> counter) {
        synchronized (lock) {
            return desks.values().stream().mapToLong(counter).sum();
        }
    }
}
