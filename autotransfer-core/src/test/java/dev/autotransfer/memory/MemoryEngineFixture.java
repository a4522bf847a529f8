package dev.autotransfer.memory;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.config.EngineConfigBuilder;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The in-memory stores, a simulated bank with three banks and a controllable clock they share, and
 * engines built on them: the jdbc module's engine fixture without a database. Engines built here are
 * closed by {@link #close()}.
 */
final class MemoryEngineFixture implements AutoCloseable {

    /** Wednesday 2026-11-25, 09:30 in Seoul: a business day. */
    static final Instant START = Instant.parse("2026-11-25T00:30:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final LocalDate DECEMBER = LocalDate.of(2026, 12, 25);
    static final List<String> BANKS = List.of("BANK_A", "BANK_B", "BANK_C");

    final MutableClock clock = new MutableClock(START);
    final SimulatedBank bank = new SimulatedBank(20261125L, clock, Sleeper.none());
    final InMemoryTransferStore transfers = InMemoryTransferStore.builder().clock(clock).build();
    final InMemoryRunStore runs = InMemoryRunStore.create(transfers);
    private final List<AutoTransferEngine> engines = new ArrayList<>();
    private int accounts;

    MemoryEngineFixture() {
        for (String code : BANKS) {
            bank.configure(code, SimulatedBankConfig.custom().requestsPerSecond(1_000_000).build());
        }
    }

    /** The jdbc module's test settings: short limits, one worker, a chunk's calls one after the other. */
    AutoTransferEngine engine(String nodeId, Consumer<EngineConfigBuilder> tweak) {
        return engine(nodeId, tweak, EngineListener.NONE);
    }

    AutoTransferEngine engine(String nodeId, Consumer<EngineConfigBuilder> tweak, EngineListener listener) {
        EngineConfigBuilder config = EngineConfig.builder()
                .workerThreads(1)
                .parallelCalls(1)
                .shareWait(Duration.ZERO)
                .chunkSize(10)
                .bankTimeLimit(Duration.ofMillis(500))
                .lease(Duration.ofSeconds(60))
                .retryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(10))
                .inquiryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(5))
                .permitWait(Duration.ZERO);
        tweak.accept(config);
        Map<String, BankClient> clients = new TreeMap<>();
        BANKS.forEach(code -> clients.put(code, bank.client(code)));
        AutoTransferEngine engine = AutoTransferEngine.builder(transfers, runs, BankDirectory.of(clients))
                .timeSource(TimeSource.of(clock))
                .config(config.build())
                .nodeId(nodeId)
                .listener(listener)
                .build();
        engines.add(engine);
        return engine;
    }

    AutoTransferEngine engine(String nodeId) {
        return engine(nodeId, c -> { });
    }

    /** A monthly schedule on the 25th from today, paid from a funded account at the bank. */
    Schedule monthly(String reference, String bankCode, long amount) {
        return transfers.schedules().create(spec(reference, bankCode, amount).build());
    }

    ScheduleSpec.Builder spec(String reference, String bankCode, long amount) {
        int n = ++accounts;
        AccountRef source = AccountRef.of(bankCode, String.format("110-0000-%04d", n));
        bank.openAccount(source, Money.krw(10_000_000));
        return ScheduleSpec.builder()
                .clientReference(reference)
                .source(source)
                .destination(AccountRef.of("OTHER", String.format("990-0000-%04d", n)))
                .amount(Money.krw(amount))
                .memo("standing order " + reference)
                .priority(Priority.P1)
                .recurrence(Recurrence.monthly(TODAY, 25));
    }

    /** "TYPE attempt" of the occurrence's history, in sequence order. */
    List<String> events(Schedule schedule, LocalDate date) {
        return transfers.history(new Occurrence(schedule.id(), date)).events().stream()
                .map(HistoryEvent::type).map(type -> type.name()).toList();
    }

    List<String> eventsWithAttempts(Schedule schedule, LocalDate date) {
        return transfers.history(new Occurrence(schedule.id(), date)).events().stream()
                .map(e -> e.type() + " " + e.attempt()).toList();
    }

    /** The bank's own record: debits executed for the occurrence. */
    List<ExecutedDebit> debits(Schedule schedule, LocalDate date) {
        return bank.debitsByOccurrence().getOrDefault(schedule.id() + ":" + date, List.of());
    }

    /** The key the engine sends for the attempt (the in-memory store has no installation prefix). */
    static String key(Schedule schedule, LocalDate date, int attempt) {
        return schedule.id() + ":" + date + ":" + attempt;
    }

    LocalDate nextDueDate(Schedule schedule) {
        return transfers.schedules().find(schedule.id()).orElseThrow().nextDueDate();
    }

    @Override
    public void close() {
        engines.forEach(AutoTransferEngine::close);
    }
}
