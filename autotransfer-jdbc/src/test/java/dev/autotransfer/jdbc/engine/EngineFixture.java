package dev.autotransfer.jdbc.engine;

import dev.autotransfer.spi.RunStore;
import dev.autotransfer.spi.LoadSignal;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.SimulatedBankConfigBuilder;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.config.EngineConfigBuilder;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.jdbc.JdbcRunStore;
import dev.autotransfer.jdbc.JdbcScheduleClient;
import dev.autotransfer.jdbc.JdbcTransferStore;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.TransferStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

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
    /** Who creates the fixture's schedules. */
    static final AuditContext CREATOR = AuditContext.of("app");

    final TestDatabase db;
    final MutableClock clock = new MutableClock(START);
    final SimulatedBank bank = new SimulatedBank(20261125L, clock, Sleeper.none());
    final JdbcScheduleClient schedules;
    final JdbcTransferStore transfers;
    /** The installation's key prefix, which every engine of the fixture puts before its keys. */
    final String keyPrefix;
    final JdbcRunStore runs;
    final List<Alarm> alarms = new CopyOnWriteArrayList<>();
    private final List<String> callsWithoutStarted = new CopyOnWriteArrayList<>();
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
        this.schedules = JdbcScheduleClient.builder(db.appPool(40)).dialect(db.dialect()).clock(clock).build();
        this.transfers = JdbcTransferStore.builder(db.appPool(40)).dialect(db.dialect()).build();
        this.keyPrefix = transfers.installationKeyPrefix().orElseThrow();
        this.runs = JdbcRunStore.builder(db.appPool(40)).build();
    }

    /**
     * Short limits for tests: 200 ms bank time limit, small backoffs, one worker unless changed, and a
     * chunk's calls one after the other, so scripted faults meet the schedules in claim order.
     */
    static EngineConfigBuilder testConfig() {
        return EngineConfig.builder()
                .workerThreads(1)
                .parallelCalls(1)
                .shareWait(Duration.ZERO)
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

    AutoTransferEngine engine(String nodeId, Consumer<EngineConfigBuilder> tweak) {
        return engine(nodeId, tweak, w -> { });
    }

    /** An engine on the test settings changed by {@code tweak}, wired as {@code wiring} says (see {@link Wiring}). */
    AutoTransferEngine engine(String nodeId, Consumer<EngineConfigBuilder> tweak, Consumer<Wiring> wiring) {
        EngineConfigBuilder config = testConfig();
        tweak.accept(config);
        Wiring w = new Wiring();
        wiring.accept(w);
        Map<String, BankClient> clients = new TreeMap<>();
        for (String code : w.banks) {
            BankClient client = bank.client(code);
            client = w.verifyStartedBeforeCalls ? new StartedBeforeCall(client) : client;
            clients.put(code, w.wrapper.apply(client));
        }
        clients.putAll(w.extra);
        AutoTransferEngine.Builder builder = AutoTransferEngine.builder(w.store != null ? w.store : transfers,
                        w.runs != null ? w.runs : runs,
                        BankDirectory.of(clients))
                .timeSource(w.time != null ? w.time : TimeSource.of(clock))
                .config(config.build())
                .nodeId(nodeId)
                .listener(new RecordingAlarms(w.listener));
        w.signals.forEach(builder::loadSignal);
        AutoTransferEngine engine = builder.build();
        engines.add(engine);
        return engine;
    }

    /** A transfer store like {@link #transfers}, on another data source (a {@link FlakyDataSource}, say). */
    JdbcTransferStore transfersOn(DataSource dataSource) {
        return JdbcTransferStore.builder(dataSource).dialect(db.dialect()).build();
    }

    /**
     * Bank calls that found no committed STARTED for their key in the database, seen by engines wired
     * with {@link Wiring#verifyStartedBeforeCalls()}; must stay empty.
     */
    List<String> callsWithoutCommittedStarted() {
        return List.copyOf(callsWithoutStarted);
    }

    /** A monthly schedule on the 25th from today, paid from a funded account at the bank. */
    Schedule monthly(String reference, String bankCode, long amount) {
        return create(spec(reference, bankCode, amount).recurrence(Recurrence.monthly(TODAY, 25)).build());
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

    /** Creates the schedule through the audited client, as an application does. */
    Schedule create(ScheduleSpec spec) {
        return schedules.create(spec, CREATOR);
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
        return bank.debitsByOccurrence().getOrDefault(keyPrefix + scheduleId + ":" + nominalDate, List.of());
    }

    /** The key the engine sends a bank for the attempt: this installation's prefix, then the attempt. */
    String key(long scheduleId, LocalDate nominalDate, int attempt) {
        return keyPrefix + scheduleId + ":" + nominalDate + ":" + attempt;
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

    /**
     * What an engine is built from besides its settings. Defaults: the fixture's transfer store, all
     * three banks, the controllable clock, no listener (alarms are always collected in {@link #alarms}).
     */
    static final class Wiring {
        private TransferStore store;
        private dev.autotransfer.spi.RunStore runs;
        private List<String> banks = BANKS;
        private TimeSource time;
        private EngineListener listener = EngineListener.NONE;
        private boolean verifyStartedBeforeCalls;
        private java.util.function.UnaryOperator<BankClient> wrapper = c -> c;
        private final Map<String, BankClient> extra = new TreeMap<>();
        private final List<dev.autotransfer.spi.LoadSignal> signals = new ArrayList<>();

        /** A load signal for the engine's backpressure. */
        Wiring loadSignal(dev.autotransfer.spi.LoadSignal value) {
            signals.add(value);
            return this;
        }

        /** A run store instead of {@link #runs} (one that fails some calls, say). */
        Wiring runs(dev.autotransfer.spi.RunStore value) {
            this.runs = value;
            return this;
        }

        Wiring store(TransferStore value) {
            this.store = value;
            return this;
        }

        /** Only these banks are in the engine's directory; work of the others is not its to claim. */
        Wiring banks(String... codes) {
            this.banks = List.of(codes);
            return this;
        }

        Wiring timeSource(TimeSource value) {
            this.time = value;
            return this;
        }

        Wiring listener(EngineListener value) {
            this.listener = value;
            return this;
        }

        /** Every bank client wrapped (to answer what the simulated bank never does, say). */
        Wiring wrapClients(java.util.function.UnaryOperator<BankClient> value) {
            this.wrapper = value;
            return this;
        }

        /** One more bank in the engine's directory, not simulated by the fixture (the ledger's own bank, say). */
        Wiring client(String code, BankClient client) {
            extra.put(code, client);
            return this;
        }

        /** Before each transfer call, the bank checks in the database that the key's STARTED is committed. */
        Wiring verifyStartedBeforeCalls() {
            this.verifyStartedBeforeCalls = true;
            return this;
        }
    }

    /** A bank that, before executing, looks for the key's committed STARTED (from another connection). */
    private final class StartedBeforeCall implements BankClient {
        private final BankClient delegate;

        StartedBeforeCall(BankClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public TransferOutcome transfer(TransferRequest request) {
            long started = db.appJdbi().withHandle(h -> h.createQuery(
                            "SELECT COUNT(*) FROM at_history WHERE idempotency_key = :key AND event_type = 'STARTED'")
                    .bind("key", request.idempotencyKey()).mapTo(Long.class).one());
            if (started != 1) {
                callsWithoutStarted.add(request.idempotencyKey());
            }
            return delegate.transfer(request);
        }

        @Override
        public InquiryResult inquire(String idempotencyKey) {
            return delegate.inquire(idempotencyKey);
        }

        @Override
        public BankTerms terms() {
            return delegate.terms();
        }
    }

    /** Collects alarms into {@link #alarms} and passes every hook on. */
    private final class RecordingAlarms implements EngineListener {
        private final EngineListener next;

        RecordingAlarms(EngineListener next) {
            this.next = next;
        }

        @Override
        public void runJoined(long runId, LocalDate businessDate) {
            next.runJoined(runId, businessDate);
        }

        @Override
        public void claimed(String bankCode, Priority priority, int count) {
            next.claimed(bankCode, priority, count);
        }

        @Override
        public void attemptStarted(AttemptKey key, TransferRequest request) {
            next.attemptStarted(key, request);
        }

        @Override
        public void resending(AttemptKey key) {
            next.resending(key);
        }

        @Override
        public void inquired(AttemptKey key, String answer) {
            next.inquired(key, answer);
        }

        @Override
        public void notSent(Occurrence occurrence, String bankCode, String reason, Duration retryAfter) {
            next.notSent(occurrence, bankCode, reason, retryAfter);
        }

        @Override
        public void recorded(AttemptKey key, EventType type, String code) {
            next.recorded(key, type, code);
        }

        @Override
        public void fenced(Occurrence occurrence, String why) {
            next.fenced(occurrence, why);
        }

        @Override
        public void alarm(Alarm alarm) {
            alarms.add(alarm);
            next.alarm(alarm);
        }
    }
}
