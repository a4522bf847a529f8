package dev.autotransfer.jdbc.engine;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.SimulatedBankConfigBuilder;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.engine.EngineConfig;
import dev.autotransfer.engine.EngineListener;
import dev.autotransfer.engine.TimeSource;
import dev.autotransfer.jdbc.JdbcRunStore;
import dev.autotransfer.jdbc.JdbcScheduleStore;
import dev.autotransfer.jdbc.JdbcTransferStore;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One database, one simulated bank with three banks (BANK_A, BANK_B, BANK_C), a controllable clock
 * shared by the bank and the engines, and helpers to read what history and the bank recorded.
 * Engines built here are closed by {@link #close()}.
 */
final class EngineFixture implements AutoCloseable {

    /** Wednesday 2026-11-25, 09:30 in Seoul: a business day. */
    static final Instant START = Instant.parse("2026-11-25T00:30:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final List<String> BANKS = List.of("BANK_A", "BANK_B", "BANK_C");

    final TestDatabase db;
    final MutableClock clock = new MutableClock(START);
    final SimulatedBank bank = new SimulatedBank(20261125L, clock, Sleeper.none());
    final JdbcScheduleStore schedules;
    final JdbcTransferStore transfers;
    final JdbcRunStore runs;
    final List<Alarm> alarms = new CopyOnWriteArrayList<>();
    private final List<AutoTransferEngine> engines = new ArrayList<>();
    private final Set<AccountRef> opened = new HashSet<>();
    private int accounts;

    EngineFixture(TestDatabase db) {
        this(db, b -> b);
    }

    EngineFixture(TestDatabase db, UnaryOperator<SimulatedBankConfigBuilder> bankConfig) {
        this.db = db;
        for (String code : BANKS) {
            bank.configure(code, bankConfig.apply(SimulatedBankConfig.custom().requestsPerSecond(1_000_000)).build());
        }
        this.schedules = JdbcScheduleStore.builder(db.appPool(40)).dialect(db.dialect()).clock(clock).build();
        this.transfers = JdbcTransferStore.builder(db.appPool(40)).dialect(db.dialect()).build();
        this.runs = JdbcRunStore.builder(db.appPool(40)).build();
    }

    /** Short limits for tests: 200 ms bank time limit, small backoffs, one worker unless changed. */
    static EngineConfig.Builder testConfig() {
        return EngineConfig.builder()
                .workerThreads(1)
                .chunkSize(10)
                .bankTimeLimit(Duration.ofMillis(500))
                .lease(Duration.ofSeconds(60))
                .retryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(10))
                .inquiryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(5))
                .permitWait(Duration.ZERO);
    }

    AutoTransferEngine engine(String nodeId) {
        return engine(nodeId, b -> { });
    }

    AutoTransferEngine engine(String nodeId, Consumer<EngineConfig.Builder> tweak) {
        EngineConfig.Builder config = testConfig();
        tweak.accept(config);
        Map<String, dev.autotransfer.bank.BankClient> clients = new java.util.TreeMap<>();
        for (String code : BANKS) {
            clients.put(code, bank.client(code));
        }
        AutoTransferEngine engine = AutoTransferEngine.builder(transfers, runs, BankDirectory.of(clients))
                .timeSource(TimeSource.of(clock))
                .config(config.build())
                .nodeId(nodeId)
                .listener(new EngineListener() {
                    @Override
                    public void alarm(Alarm alarm) {
                        alarms.add(alarm);
                    }
                })
                .build();
        engines.add(engine);
        return engine;
    }

    /** A monthly schedule on the 25th from today, paid from a funded account at the bank. */
    Schedule monthly(String reference, String bankCode, long amount) {
        return register(spec(reference, bankCode, amount).recurrence(Recurrence.monthly(TODAY, 25)).build());
    }

    ScheduleSpec.Builder spec(String reference, String bankCode, long amount) {
        int n = ++accounts;
        AccountRef source = AccountRef.of(bankCode, String.format("110-%04d-%04d", n / 10_000, n % 10_000));
        fund(source, 10_000_000);
        return ScheduleSpec.builder()
                .clientReference(reference)
                .source(source)
                .destination(AccountRef.of("OTHER", String.format("990-%04d-%04d", n / 10_000, n % 10_000)))
                .amount(Money.krw(amount))
                .memo("standing order " + reference)
                .priority(Priority.P1);
    }

    Schedule register(ScheduleSpec spec) {
        return schedules.register(spec);
    }

    void fund(AccountRef account, long amount) {
        synchronized (opened) {
            if (opened.add(account)) {
                bank.openAccount(account, Money.krw(amount));
            }
        }
    }

    /** Event types of an occurrence's history, in sequence order. */
    List<String> events(long scheduleId, LocalDate nominalDate) {
        return db.appJdbi().withHandle(h -> h.createQuery("""
                SELECT event_type FROM at_history WHERE schedule_id = :id AND nominal_date = :date ORDER BY seq""")
                .bind("id", scheduleId).bind("date", nominalDate).mapTo(String.class).list());
    }

    /** "type attempt" of an occurrence's history, in sequence order. */
    List<String> eventsWithAttempts(long scheduleId, LocalDate nominalDate) {
        return db.appJdbi().withHandle(h -> h.createQuery("""
                SELECT event_type, attempt FROM at_history WHERE schedule_id = :id AND nominal_date = :date ORDER BY seq""")
                .bind("id", scheduleId).bind("date", nominalDate)
                .map((rs, ctx) -> rs.getString(1) + " " + rs.getInt(2)).list());
    }

    /** The bank's own record: debits executed for the occurrence. */
    List<ExecutedDebit> debits(long scheduleId, LocalDate nominalDate) {
        return bank.debitsByOccurrence().getOrDefault(scheduleId + ":" + nominalDate, List.of());
    }

    LocalDate nextDueDate(long scheduleId) {
        return schedules.find(scheduleId).orElseThrow().nextDueDate();
    }

    long count(String sql) {
        return db.appJdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    void sql(String sql) {
        db.jdbi().useHandle(h -> h.execute(sql));
    }

    List<Alarm.Kind> alarmKinds() {
        return alarms.stream().map(Alarm::kind).toList();
    }

    @Override
    public void close() {
        engines.forEach(AutoTransferEngine::close);
    }
}
