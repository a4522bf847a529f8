package dev.autotransfer.examples;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.engine.BankDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The four simulated banks of the day's batch, each with its own trouble: one slow, one refusing some
 * debits for lack of funds, one that goes down for a few seconds when {@link #startOutage} is called,
 * and one whose answers sometimes time out (after executing, or before).
 *
 * <p>Thread-safe: the simulation is; the outage is switched on at most once.
 */
final class BatchBanks {

    static final String SLOW = "SLOW";
    static final String SHORT_FUNDS = "SHORT_FUNDS";
    static final String OUTAGE = "OUTAGE";
    static final String TIMEOUTS = "TIMEOUTS";
    static final List<String> CODES = List.of(SLOW, SHORT_FUNDS, OUTAGE, TIMEOUTS);

    /** How long {@link #OUTAGE} stays down; shorter than the engine's breaker wait, so the trial calls find it back. */
    static final Duration OUTAGE_LENGTH = Duration.ofSeconds(3);

    private static final Map<String, String> TROUBLE = Map.of(
            SLOW, "answers in 20-60 ms",
            SHORT_FUNDS, "15% of debits refused for funds; some accounts really short",
            OUTAGE, "down for " + OUTAGE_LENGTH.toSeconds() + " s part-way through",
            TIMEOUTS, "8% time out after executing, 3% before");

    private final SimulatedBank bank;
    private final Clock clock;
    private volatile Instant outageStartedAt;

    BatchBanks(long seed, Clock clock) {
        this.clock = clock;
        this.bank = new SimulatedBank(seed, clock);
        bank.configure(SLOW, SimulatedBankConfig.custom()
                .randomLatency(Duration.ofMillis(20), Duration.ofMillis(60)).build());
        bank.configure(SHORT_FUNDS, SimulatedBankConfig.custom().insufficientFundsProbability(0.15).build());
        bank.configure(OUTAGE, SimulatedBankConfig.ofDefaults());
        bank.configure(TIMEOUTS, SimulatedBankConfig.custom()
                .timeoutAfterExecutingProbability(0.08).timeoutBeforeExecutingProbability(0.03).build());
    }

    static String trouble(String bankCode) {
        return TROUBLE.getOrDefault(bankCode, "");
    }

    /** The engine's view: one client per bank. */
    BankDirectory directory() {
        Map<String, BankClient> clients = new TreeMap<>();
        CODES.forEach(code -> clients.put(code, bank.client(code)));
        return BankDirectory.of(clients);
    }

    void openAccount(AccountRef account, Money balance) {
        bank.openAccount(account, balance);
    }

    /** Takes {@link #OUTAGE} down from now for {@link #OUTAGE_LENGTH}; later calls do nothing. Fast, never blocks. */
    synchronized void startOutage() {
        if (outageStartedAt != null) {
            return;
        }
        Instant now = clock.instant();
        outageStartedAt = now;
        bank.configure(OUTAGE, SimulatedBankConfig.from(bank.config(OUTAGE)).outage(now, now.plus(OUTAGE_LENGTH))
                .build());
    }

    /** When the outage began, or null if it never did. */
    Instant outageStartedAt() {
        return outageStartedAt;
    }

    /** The bank's own record of executed debits, counted by the source account's bank. */
    Map<String, Integer> debitsByBank() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        CODES.forEach(code -> counts.put(code, 0));
        for (ExecutedDebit debit : bank.executedDebits()) {
            counts.merge(debit.source().bankCode(), 1, Integer::sum);
        }
        return counts;
    }

    /** Occurrences (keys without their attempt number) the banks debited more than once, by their own record. */
    List<String> occurrencesExecutedMoreThanOnce() {
        return bank.occurrencesExecutedMoreThanOnce();
    }

    /**
     * How many debits the banks executed for one occurrence, by their own record, found by the keys its
     * attempts sent (whatever prefix the engine puts before {@code scheduleId:nominalDate:n}).
     */
    int executionsFor(OccurrenceStory story) {
        return story.attempts().stream().flatMap(a -> a.request().stream())
                .map(request -> SimulatedBank.occurrenceOf(request.idempotencyKey())).distinct()
                .mapToInt(bank::executionsForOccurrence).sum();
    }

    SimulatedBank simulation() {
        return bank;
    }
}
