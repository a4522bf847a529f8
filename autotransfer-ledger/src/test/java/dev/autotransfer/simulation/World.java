package dev.autotransfer.simulation;

import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.AutoTransferException;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.sim.EchoField;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.SimulatedBankConfigBuilder;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.DeadLetter;
import dev.autotransfer.client.DeadLetterQuery;
import dev.autotransfer.client.ScheduleEdit;
import dev.autotransfer.domain.BusinessDayRule;
import dev.autotransfer.domain.CatchUpPolicy;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.jdbc.JdbcDeadLetterClient;
import dev.autotransfer.jdbc.JdbcRunStore;
import dev.autotransfer.jdbc.JdbcScheduleClient;
import dev.autotransfer.jdbc.JdbcTransferStore;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.RunStore;
import dev.autotransfer.spi.TransferStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * One scenario's world: a database, one simulated bank with three banks, a shared controllable
 * clock, up to four engines over the database (each behind decorators that pause it, crash it at
 * labelled points and check the protocol), and the checker. {@link #run()} applies the scenario's
 * operations, checks after each, drains (faults off, clock advanced, engines run until quiet) and
 * reconciles with the bank's record.
 *
 * <p>Used by one controller thread; the engines' own threads only reach it through the decorators.
 */
final class World implements AutoCloseable {

    static final int BANKS = 3;
    static final int MAX_ENGINES = 4;
    static final Duration LEASE = Duration.ofMinutes(10);
    private static final org.jdbi.v3.core.statement.SqlParser CHECK_PARSER =
            new org.jdbi.v3.core.statement.ColonPrefixSqlParser();
    static final Duration MAX_SKEW = Duration.ofMinutes(1);
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final AuditContext AUDIT = AuditContext.of("simulation");
    private static final AtomicInteger TAGS = new AtomicInteger();

    private final Scenario scenario;
    private final Variant variant;
    private final Stats stats;
    private final TestDatabase db;
    private final Baton baton;
    private final SplittableRandom dice;
    private final MutableClock clock;
    private final SimulatedBank bank;
    private final List<String> bankCodes = new ArrayList<>();
    private final BankMood[] moods = new BankMood[BANKS];
    private final FaultyDataSource storeSource;
    private final JdbcTransferStore transfers;
    private final JdbcRunStore runs;
    private final JdbcScheduleClient client;
    private final JdbcDeadLetterClient deadLetters;
    private final Jdbi owner;
    private final String keyPrefix;
    private final String tag;
    private final Checker checker;
    private final LedgerWorld accounts;
    private final List<SimEngine> engines = new ArrayList<>();
    private final List<Long> schedules = new ArrayList<>();
    private final Map<Long, ScheduleSpec> specs = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private int accountNumbers;

    /**
     * @param db the database (a fresh one per scenario on H2; a shared one on the server databases,
     *     where each scenario uses banks of its own)
     * @param deterministic one engine thread at a time through the {@link Baton} (H2), or real threads
     */
    World(TestDatabase db, Scenario scenario, Variant variant, Stats stats, boolean deterministic, boolean ownBanks) {
        this.db = db;
        this.scenario = scenario;
        this.variant = variant;
        this.stats = stats;
        this.baton = new Baton(deterministic);
        this.dice = new SplittableRandom(scenario.seed() * 31 + 7);
        this.clock = new MutableClock(scenario.start());
        this.bank = new SimulatedBank(scenario.seed(), clock, Sleeper.advancing(clock));
        this.tag = ownBanks ? Integer.toString(TAGS.incrementAndGet(), 36).toUpperCase() : "";
        for (int i = 0; i < BANKS; i++) {
            String code = "S" + tag + (char) ('A' + i);
            bankCodes.add(code);
            moods[i] = BankMood.CALM;
            bank.configure(code, config(i, BankMood.CALM).build());
        }
        this.owner = db.jdbi();
        // the checks' statements, parsed once for every scenario rather than once per scenario
        owner.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setSqlParser(CHECK_PARSER);
        // pooled in both modes: H2 opens a session per connection and caches prepared statements per session
        DataSource app = deterministic ? db.appDataSource() : db.appPool(24);
        this.storeSource = new FaultyDataSource(app, db.dialect(), kind -> stats.fault("db." + kind));
        this.transfers = JdbcTransferStore.builder(storeSource).dialect(db.dialect()).build();
        this.runs = JdbcRunStore.builder(app).dialect(db.dialect()).build();
        this.client = JdbcScheduleClient.builder(app).dialect(db.dialect()).clock(clock).build();
        this.deadLetters = JdbcDeadLetterClient.builder(app).dialect(db.dialect()).clock(clock).build();
        this.keyPrefix = transfers.installationKeyPrefix().orElseThrow();
        this.accounts = new LedgerWorld(db, app, clock, bank, bankCodes.get(0), bankCodes.get(1), tag, scenario.seed(),
                keyPrefix, stats, this::violation, trace);
        this.checker = new Checker(owner, bank, accounts::internalExecutions, keyPrefix, stats, this::violation);
    }

    private synchronized void violation(String text) {
        violations.add(text);
        stats.violation("seed " + scenario.seed() + ": " + text);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    List<String> trace() {
        return trace;
    }

    /** The bank's record of executed debits, keys without the installation's prefix, in execution order. */
    List<String> bankRecord() {
        return bank.executedDebits().stream()
                .map(d -> d.idempotencyKey().replace(keyPrefix, "") + " " + d.amount())
                .toList();
    }

    private long opsNanos;
    private long checkNanos;
    private long drainNanos;
    private int drainRounds;

    String timing() {
        return String.format("ops %d ms, checks %d ms, drain %d ms in %d rounds, %d debits", opsNanos / 1_000_000,
                checkNanos / 1_000_000, drainNanos / 1_000_000, drainRounds, bank.executedDebits().size());
    }

    /** Applies every operation with the checks after each, then the drain and the reconciliation. */
    void run() {
        try {
            for (Op op : scenario.ops()) {
                long t0 = System.nanoTime();
                apply(op);
                stats.step();
                long t1 = System.nanoTime();
                stepChecks();
                opsNanos += t1 - t0;
                checkNanos += System.nanoTime() - t1;
                if (!violations().isEmpty()) {
                    return;
                }
            }
            long t2 = System.nanoTime();
            drain();
            drainNanos = System.nanoTime() - t2;
        } finally {
            stopEngines();
            stats.bankFaults(bank.faultCounts());
            if (Boolean.getBoolean("simulation.dump")) {
                dump();
            }
        }
    }

    /** With {@code -Dsimulation.dump=true}: the history and work items at the end, in the trace. */
    private void dump() {
        owner.useHandle(h -> {
            h.createQuery("SELECT * FROM at_history ORDER BY seq").mapToMap()
                    .forEach(row -> trace.add("  history " + row));
            h.createQuery("SELECT * FROM at_work_item ORDER BY id").mapToMap()
                    .forEach(row -> trace.add("  work item " + row));
        });
    }

    private void stepChecks() {
        // the ledger's rows first: they also bring the checker the moves the ledger executed itself
        accounts.check(baton.deterministic());
        checker.bankRecord();
        if (baton.deterministic()) {
            checker.history();
        }
    }

    // ---- operations ------------------------------------------------------------------------------

    private void apply(Op op) {
        trace.add(clock.instant() + " " + op);
        try {
            if (op instanceof Op.Create c) {
                create(c);
            } else if (op instanceof Op.RegisterTwice t) {
                registerTwice(t);
            } else if (op instanceof Op.Edit e) {
                edit(e);
            } else if (op instanceof Op.Pause p) {
                withSchedule(p.schedule(), (id, version) -> {
                    client.pause(id, version, AUDIT);
                    stats.fault("pauses");
                });
            } else if (op instanceof Op.Resume r) {
                withSchedule(r.schedule(), (id, version) -> client.resume(id, version, AUDIT));
            } else if (op instanceof Op.Cancel c) {
                withSchedule(c.schedule(), (id, version) -> {
                    client.cancel(id, version, AUDIT);
                    stats.fault("cancels");
                });
            } else if (op instanceof Op.Advance a) {
                advance(a.by());
            } else if (op instanceof Op.StartEngine s) {
                if (liveEngines() < MAX_ENGINES) {
                    startEngine(s.skewSeconds(), s.chunk());
                }
            } else if (op instanceof Op.Turns t) {
                turns(t);
            } else if (op instanceof Op.Crash c) {
                SimEngine e = engine(c.engine());
                if (e != null) {
                    e.armed.add(c.point());
                }
            } else if (op instanceof Op.Restart r) {
                restart(r.engine());
            } else if (op instanceof Op.Script s) {
                bank.scriptNextTransfer(bankCodes.get(s.bank()), s.fault());
            } else if (op instanceof Op.Mood m) {
                mood(m.bank(), m.mood());
            } else if (op instanceof Op.DeliverLate) {
                bank.deliverLateRequests();
            } else if (op instanceof Op.DbFault f) {
                storeSource.arm(f.kind(), f.after());
            } else if (op instanceof Op.Requeue q) {
                requeue(q.which());
            } else if (op instanceof Op.CreateFromAccount f) {
                createFromAccount(f);
            } else if (op instanceof Op.Account a) {
                accounts.apply(a);
            } else {
                throw new IllegalArgumentException("unknown operation " + op);
            }
        } catch (AutoTransferException | IllegalStateException | IllegalArgumentException e) {
            // a refused operation (a version conflict, a cancelled schedule, a bad edit): what a user sees
            trace.add("  refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void create(Op.Create c) {
        ScheduleSpec spec = spec(c);
        boolean poison = (c.shape() / 84) % 10 == 0;
        long balance = (c.shape() / 840) % 6 == 0 ? c.amount() / 2 : 100_000_000L;
        bank.openAccount(spec.source(), Money.krw(balance));
        if (poison) {
            bank.closeAccount(spec.source());
        }
        Schedule schedule = client.create(spec, AUDIT);
        schedules.add(schedule.id());
        specs.put(schedule.id(), spec);
        checker.scheduleCreated(schedule.id(), poison);
        trace.add("  schedule " + schedule.id() + " next " + schedule.nextDueDate());
    }

    /** A standing order from a customer's main account at the ledger: into savings, or out to a payee. */
    private void createFromAccount(Op.CreateFromAccount f) {
        AccountRef destination = f.payout() ? accounts.payee() : accounts.savings(f.customer());
        ScheduleSpec spec = spec(f.create(), accounts.main(f.customer()), destination);
        Schedule schedule = client.create(spec, AUDIT);
        schedules.add(schedule.id());
        specs.put(schedule.id(), spec);
        checker.scheduleCreated(schedule.id(), false);
        trace.add("  schedule " + schedule.id() + " next " + schedule.nextDueDate() + " from the ledger");
    }

    private ScheduleSpec spec(Op.Create c) {
        int n = accountNumbers + 1;
        String bankCode = bankCodes.get(Math.floorMod(c.shape(), BANKS));
        return spec(c, AccountRef.of(bankCode, String.format("110-%04d-%04d", n / 10_000, n % 10_000)),
                AccountRef.of("OTHER", String.format("990-%04d-%04d", n / 10_000, n % 10_000)));
    }

    private ScheduleSpec spec(Op.Create c, AccountRef source, AccountRef destination) {
        int n = ++accountNumbers;
        LocalDate today = LocalDate.ofInstant(clock.instant(), SEOUL);
        LocalDate start = today.minusDays(c.startBack());
        int kind = (c.shape() / BANKS) % 7;
        Recurrence recurrence = switch (kind) {
            case 0, 1 -> Recurrence.monthly(start, start.getDayOfMonth());
            case 2 -> Recurrence.monthlyOnLastDay(start);
            case 3 -> Recurrence.weekly(start, start.getDayOfWeek());
            case 4 -> Recurrence.everyWeeks(2, start, start.getDayOfWeek());
            case 5 -> Recurrence.once(start.plusDays(c.shape() % 3));
            default -> Recurrence.monthly(start, 31);
        };
        return ScheduleSpec.builder()
                .clientReference("sim-" + tag + scenario.seed() + "-" + n)
                .source(source)
                .destination(destination)
                .amount(Money.krw(c.amount()))
                .memo("sim " + n)
                .priority(c.priority())
                .recurrence(recurrence)
                .businessDayRule(BusinessDayRule.values()[(c.shape() / 21) % BusinessDayRule.values().length])
                .catchUpPolicy(CatchUpPolicy.values()[(c.shape() / 84) % CatchUpPolicy.values().length])
                .build();
    }

    private void registerTwice(Op.RegisterTwice t) {
        if (schedules.isEmpty()) {
            return;
        }
        long id = schedules.get(Math.floorMod(t.schedule(), schedules.size()));
        ScheduleSpec spec = specs.get(id);
        Schedule again = client.create(spec, AUDIT);
        stats.fault("registeredTwice");
        if (again.id() != id) {
            violation("registering client reference " + spec.clientReference() + " twice made schedule " + again.id()
                    + " besides " + id);
        }
    }

    private interface ScheduleChange {
        void apply(long id, long version);
    }

    private void withSchedule(int index, ScheduleChange change) {
        if (schedules.isEmpty()) {
            return;
        }
        long id = schedules.get(Math.floorMod(index, schedules.size()));
        Schedule current = client.find(id).orElseThrow();
        change.apply(id, current.version());
    }

    private void edit(Op.Edit e) {
        withSchedule(e.schedule(), (id, version) -> {
            Schedule current = client.find(id).orElseThrow();
            boolean open = current.nextDueDate() != null && checker.hasOpenAttempt(id, current.nextDueDate());
            Schedule edited = client.edit(id, version, ScheduleEdit.builder().amount(Money.krw(e.amount())).build(),
                    AUDIT);
            specs.put(id, edited.spec());
            if (open) {
                stats.fault("editsWithOpenAttempt");
            }
        });
    }

    private void requeue(int which) {
        List<DeadLetter> open = deadLetters.list(DeadLetterQuery.open(100).ofKind(DeadLetter.Kind.EXHAUSTED));
        List<DeadLetter> mine = open.stream().filter(d -> schedules.contains(d.scheduleId())).toList();
        if (mine.isEmpty()) {
            return;
        }
        DeadLetter entry = mine.get(Math.floorMod(which, mine.size()));
        ScheduleSpec spec = specs.get(entry.scheduleId());
        if (spec.source().bankCode().equals(accounts.code())) {
            accounts.fund(spec.source(), Money.krw(100_000_000L));
        } else {
            bank.deposit(spec.source(), Money.krw(100_000_000L));
        }
        deadLetters.requeue(entry.id(), entry.version(), AUDIT);
        stats.fault("requeues");
        try {
            // a second requeue of the same entry must be refused
            deadLetters.requeue(entry.id(), entry.version(), AUDIT);
            violation("dead letter " + entry.id() + " was requeued twice");
        } catch (AutoTransferException | IllegalStateException expected) {
            // refused, as it must be
        }
    }

    private void advance(Duration by) {
        clock.advance(by);
        if (by.compareTo(Duration.ofDays(2)) >= 0) {
            stats.fault("engineDownForDays");
        }
    }

    private void mood(int index, BankMood mood) {
        moods[index] = mood;
        bank.configure(bankCodes.get(index), config(index, mood).build());
    }

    private SimulatedBankConfigBuilder config(int index, BankMood mood) {
        // a bank's key retention is part of its terms, fixed for the scenario (the engine reads the terms
        // once); the last bank keeps keys an hour, so unknown outcomes outlive their keys there
        SimulatedBankConfigBuilder b = SimulatedBankConfig.custom().requestsPerSecond(1_000_000)
                .keyRetention(index == BANKS - 1 ? Duration.ofHours(1) : Duration.ofHours(24));
        return switch (mood) {
            case CALM -> b;
            case FLAKY -> b.timeoutBeforeExecutingProbability(0.1).timeoutAfterExecutingProbability(0.1)
                    .lateArrivalProbability(0.08).lateArrivalDelay(Duration.ofMinutes(1), Duration.ofMinutes(30))
                    .inProgressProbability(0.1);
            case REFUSING -> b.insufficientFundsProbability(0.15).accountClosedProbability(0.08)
                    .invalidAccountProbability(0.08);
            case WRONG_ECHO -> b.wrongEchoProbability(0.25).wrongEchoFields(EchoField.AMOUNT);
            case SLOW -> b.randomLatency(Duration.ofSeconds(30), Duration.ofMinutes(4));
            case OUTAGE -> b.outage(clock.instant(), clock.instant().plus(Duration.ofMinutes(20)));
            case TIMING_OUT -> b.timeoutAfterExecutingProbability(0.15)
                    .timeoutBeforeExecutingProbability(0.1);
            case DUPLICATING -> b.duplicateDeliveryProbability(0.3);
            case LATE_ARRIVING -> b.timeoutBeforeExecutingProbability(0.3).lateArrivalProbability(0.6)
                    .lateArrivalDelay(Duration.ofMinutes(1), Duration.ofMinutes(30)).inProgressProbability(0.4);
        };
    }

    // ---- engines ---------------------------------------------------------------------------------

    private int liveEngines() {
        return (int) engines.stream().filter(e -> !e.dead).count();
    }

    private SimEngine engine(int index) {
        if (engines.isEmpty()) {
            return null;
        }
        SimEngine e = engines.get(Math.floorMod(index, engines.size()));
        return e.dead ? null : e;
    }

    private void restart(int index) {
        if (engines.isEmpty()) {
            return;
        }
        SimEngine e = engines.get(Math.floorMod(index, engines.size()));
        if (e.dead && liveEngines() < MAX_ENGINES) {
            startEngine((int) e.skew.toSeconds(), e.chunk);
        }
    }

    private SimEngine startEngine(int skewSeconds, int chunk) {
        SimEngine e = new SimEngine(engines.size(), Duration.ofSeconds(skewSeconds), chunk);
        engines.add(e);
        if (skewSeconds != 0) {
            stats.fault("skewedEngines");
        }
        e.start();
        return e;
    }

    private void turns(Op.Turns t) {
        SimEngine e = engine(t.engine());
        if (e == null) {
            return;
        }
        if (baton.deterministic()) {
            for (int i = 0; i < t.turns() && baton.turn(e.slot); i++) {
                // each turn runs the engine to its next store or bank call
            }
        } else {
            sleepMillis(2L * t.turns());
        }
    }

    /** Runs the engine until its current pass ends (deterministic mode). */
    private void wholePass(SimEngine e) {
        for (int i = 0; i < 20_000; i++) {
            if (!baton.turn(e.slot)) {
                return;
            }
            if (e.atPassEnd) {
                return;
            }
        }
        violation("engine " + e.index + " did not end its pass within 20,000 steps at " + clock.instant());
    }

    private void stopEngines() {
        for (SimEngine e : engines) {
            e.stopRequested = true;
            if (baton.deterministic()) {
                while (baton.turn(e.slot)) {
                    // let it run out
                }
            }
        }
        for (SimEngine e : engines) {
            try {
                e.driver.join(60_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            e.engine.close();
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the drain ---------------------------------------------------------------------------------

    private void drain() {
        trace.add(clock.instant() + " drain");
        storeSource.disarm();
        for (SimEngine e : engines) {
            e.armed.clear();
        }
        for (int i = 0; i < BANKS; i++) {
            mood(i, BankMood.CALM);
        }
        bank.deliverAllLateRequests();
        if (engines.stream().noneMatch(e -> !e.dead && e.skew.isZero())) {
            if (liveEngines() >= MAX_ENGINES) {
                SimEngine any = engines.stream().filter(e -> !e.dead).findFirst().orElseThrow();
                any.stopRequested = true;
                if (baton.deterministic()) {
                    while (baton.turn(any.slot)) {
                        // let it run out
                    }
                }
                any.dead = true;
            }
            startEngine(0, 2);
        }
        LocalDate horizon = LocalDate.ofInstant(clock.instant(), SEOUL);
        Instant end = clock.instant().plus(Duration.ofDays(3));
        long realDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int settlingRounds = 0;
        for (int round = 0; round < 400 && System.nanoTime() < realDeadline; round++) {
            drainRounds = round + 1;
            if (baton.deterministic()) {
                for (SimEngine e : List.copyOf(engines)) {
                    if (!e.dead) {
                        wholePass(e);
                    }
                }
                stepChecks();
            } else {
                awaitWholePasses();
                accounts.check(false);
                checker.bankRecord();
            }
            bank.deliverAllLateRequests();
            accounts.resolvePendingPulls();
            Optional<Instant> next = nextClaimable();
            if (next.isEmpty() || next.get().isAfter(end)) {
                // a scripted fault queued before the drain can still hold a pull's request back: a few more
                // rounds deliver it and settle the pull (and let the engines take up what that settles)
                if (accounts.unsettled() && settlingRounds++ < 5) {
                    continue;
                }
                if (baton.deterministic() || quiet()) {
                    break;
                }
                continue;
            }
            // at least half a minute on: a bank whose circuit is open is passed over until its wait ends
            Instant soonest = clock.instant().plusSeconds(30);
            clock.setInstant(next.get().isAfter(soonest) ? next.get().plusSeconds(1) : soonest);
        }
        if (!baton.deterministic()) {
            stopEngines();
        }
        accounts.afterDrain();
        checker.afterDrain(horizon);
        trace.add(accounts.balancesLine());
    }

    /** Real threads: until every live engine has run a whole pass begun after this moment (at most 2 s). */
    private void awaitWholePasses() {
        Map<SimEngine, Long> before = new java.util.HashMap<>();
        engines.stream().filter(e -> !e.dead).forEach(e -> before.put(e, e.passes.get()));
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline
                && before.entrySet().stream().anyMatch(b -> !b.getKey().dead && b.getKey().passes.get() < b.getValue() + 2)) {
            sleepMillis(1);
        }
    }

    private boolean quiet() {
        Long leased = owner.withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM at_work_item WHERE bank_code IN (<banks>) AND lease_token IS NOT NULL
                AND lease_until > :now""").bindList("banks", workBanks()).bind("now", clock.instant())
                .mapTo(Long.class).one());
        return leased == 0;
    }

    private Optional<Instant> nextClaimable() {
        // a paused schedule's item parked as PAUSED waits, visibly, until a resume: not work for the drain;
        // one with an open attempt (or not yet parked) is, since an open attempt is resolved to its end
        return owner.withHandle(h -> h.createQuery("""
                        SELECT MIN(w.claimable_at) FROM at_work_item w JOIN at_schedule s ON s.id = w.schedule_id
                        WHERE w.bank_code IN (<banks>) AND (s.status <> 'PAUSED' OR w.pending_reason IS NULL
                            OR w.pending_reason <> 'PAUSED')""")
                .bindList("banks", workBanks()).mapTo(Instant.class).list().stream()
                .filter(java.util.Objects::nonNull).findFirst());
    }

    /** The banks whose work items are this scenario's: the simulated banks and the ledger. */
    private List<String> workBanks() {
        List<String> codes = new ArrayList<>(bankCodes);
        codes.add(accounts.code());
        return codes;
    }

    /** Expires every lease of the bank's items (the broken variant without a lease check). */
    private void expireLeases(String bankCode) {
        owner.useHandle(h -> h.createUpdate("""
                UPDATE at_work_item SET lease_until = :epoch WHERE bank_code = :bank AND lease_token IS NOT NULL""")
                .bind("epoch", Instant.EPOCH).bind("bank", bankCode).execute());
    }

    @Override
    public void close() {
        // the database belongs to the caller
    }

    // ---- one engine and its decorators -------------------------------------------------------------

    /** One simulated engine: its decorators, its crash points and its driver thread. */
    final class SimEngine {
        final int index;
        final Duration skew;
        final int chunk;
        final Set<CrashPoint> armed = ConcurrentHashMap.newKeySet();
        final Baton.Slot slot = new Baton.Slot();
        final Map<String, TransferStore.Opening> heldStarted = new ConcurrentHashMap<>();
        final AutoTransferEngine engine;
        final SimStore store;
        Thread driver;
        volatile boolean dead;
        volatile boolean stopRequested;
        volatile boolean atPassEnd;
        /** Passes this engine ended (real threads: the drain waits for whole passes, not for a fixed time). */
        final java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();
        private final SplittableRandom coin;

        SimEngine(int index, Duration skew, int chunk) {
            this.index = index;
            this.skew = skew;
            this.chunk = chunk;
            this.coin = new SplittableRandom(scenario.seed() * 131 + index);
            this.store = new SimStore(this);
            boolean localClock = !skew.isZero() && Math.floorMod(skew.toSeconds(), 2) == 0;
            TimeSource time = localClock
                    // a node whose own clock is off (well within the lease)
                    ? () -> clock.instant().plus(skew.dividedBy(3))
                    // a node on the shared time source that measured its local clock off by the skew
                    : new TimeSource() {
                        @Override
                        public Instant now() {
                            return clock.instant();
                        }

                        @Override
                        public Optional<Duration> skew() {
                            return skew.isZero() ? Optional.empty() : Optional.of(skew.abs());
                        }
                    };
            Map<String, BankClient> clients = new TreeMap<>();
            for (String code : bankCodes) {
                clients.put(code, new SimBank(this, code, bank.client(code)));
            }
            // the ledger's bank, as this engine's process runs it: its database access ends when the engine
            // dies, and its calls to the outside banks pause and crash with the engine
            clients.put(accounts.code(), new SimBank(this, accounts.code(),
                    accounts.engineBank(untilDead(storeSource), outside -> new SimOutside(this, outside))));
            RunStore runStore = (RunStore) Proxy.newProxyInstance(World.class.getClassLoader(),
                    new Class<?>[] {RunStore.class}, (proxy, method, args) -> {
                        if (dead) {
                            throw new SimulatedCrash("run store of a dead engine");
                        }
                        try {
                            return method.invoke(runs, args);
                        } catch (InvocationTargetException ex) {
                            throw ex.getCause();
                        }
                    });
            EngineConfig config = EngineConfig.builder()
                    .workerThreads(baton.deterministic() ? 1 : 3)
                    .parallelCalls(baton.deterministic() ? 1 : 3)
                    // a joiner's pass does not wait for the others' heartbeats: under the baton
                    // they cannot run meanwhile; it sends nothing until they have seen it
                    .shareWait(Duration.ZERO)
                    .chunkSize(chunk)
                    .bankTimeLimit(Duration.ofSeconds(30))
                    .lease(LEASE)
                    .permitWait(Duration.ZERO)
                    .retryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(8))
                    .inquiryBackoff(Duration.ofSeconds(30), Duration.ofHours(1))
                    .parkInterval(Duration.ofMinutes(30))
                    .maxClockSkew(MAX_SKEW)
                    .circuitBreaker(50, 4, Duration.ofMinutes(2))
                    // the faults here are far above any rollout limit: the simulation checks the
                    // invariants, not the rollout, which its own tests cover
                    .rollout(dev.autotransfer.config.RolloutPolicy.disabled())
                    .build();
            this.engine = AutoTransferEngine.builder(store, runStore, BankDirectory.of(clients))
                    .timeSource(time)
                    .config(config)
                    .nodeId("sim" + tag + "-" + scenario.seed() % 100_000 + "-" + index)
                    // the backoffs' jitter replays with the scenario's seed
                    .random(new SplittableRandom(scenario.seed() * 17 + index))
                    .build();
        }

        void start() {
            driver = new Thread(() -> {
                baton.awaitFirstTurn(slot);
                try {
                    while (!dead && !stopRequested) {
                        atPassEnd = false;
                        try {
                            var report = engine.runOnce();
                            if (!baton.deterministic() && report.claimed() == 0) {
                                sleepMillis(3);
                            }
                        } catch (RuntimeException e) {
                            // a crash, or the pass failed on an injected fault: the next pass starts over
                        }
                        passes.incrementAndGet();
                        if (dead || stopRequested) {
                            break;
                        }
                        atPassEnd = true;
                        baton.pause(slot);
                    }
                } finally {
                    baton.finish(slot);
                }
            }, "simulation-driver-" + index);
            driver.setDaemon(true);
            driver.start();
        }

        /** Every call of the engine into the world starts here: dead engines do nothing, live ones pause. */
        void enter() {
            if (dead) {
                throw new SimulatedCrash("engine " + index + " is dead");
            }
            atPassEnd = false;
            baton.pause(slot);
            if (dead) {
                throw new SimulatedCrash("engine " + index + " is dead");
            }
        }

        /** The data source as this engine's process sees it: gone once the engine died. */
        private DataSource untilDead(DataSource source) {
            return (DataSource) Proxy.newProxyInstance(World.class.getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        if (dead && method.getName().equals("getConnection")) {
                            throw new java.sql.SQLException("engine " + index + " is dead", "08001");
                        }
                        try {
                            return method.invoke(source, args);
                        } catch (InvocationTargetException ex) {
                            throw ex.getCause();
                        }
                    });
        }

        boolean crashesAt(CrashPoint point) {
            return armed.remove(point);
        }

        RuntimeException crash(CrashPoint point) {
            dead = true;
            stats.crash(point);
            trace.add("  engine " + index + " crashed " + point + " at " + clock.instant());
            return new SimulatedCrash(point.name());
        }

        boolean coin() {
            synchronized (coin) {
                return coin.nextBoolean();
            }
        }
    }

    /** The engine's transfer store: pauses, crash points, the broken variants, and the claim checks. */
    final class SimStore implements TransferStore {
        private final SimEngine e;

        SimStore(SimEngine e) {
            this.e = e;
        }

        @Override
        public Optional<String> installationKeyPrefix() {
            return transfers.installationKeyPrefix();
        }

        @Override
        public List<ClaimedWorkItem> claim(String bankCode, dev.autotransfer.domain.Priority priority, int limit,
                String nodeId, Instant now, Duration lease) {
            e.enter();
            if (variant == Variant.LEASE_CHECK_REMOVED) {
                expireLeases(bankCode);
            }
            List<ClaimedWorkItem> items = transfers.claim(bankCode, priority, limit, nodeId, now, lease);
            checker.claimed(e.index, items, now);
            if (!items.isEmpty() && e.crashesAt(CrashPoint.AFTER_CLAIM)) {
                throw e.crash(CrashPoint.AFTER_CLAIM);
            }
            return items;
        }

        @Override
        public ClaimedChunk claimAndOpen(String bankCode, dev.autotransfer.domain.Priority priority, int limit,
                String nodeId, Instant now, Duration lease,
                Function<List<ClaimedOccurrence>, List<Opening>> decide) {
            if (e.armed.contains(CrashPoint.AFTER_CLAIM)) {
                // step by step, so the claim commits on its own before the crash
                List<ClaimedWorkItem> items = claim(bankCode, priority, limit, nodeId, now, lease);
                if (items.isEmpty()) {
                    return ClaimedChunk.EMPTY;
                }
                List<ClaimedOccurrence> loaded = load(items);
                List<Opening> openings = decide.apply(loaded);
                return new ClaimedChunk(loaded, openings, openings.isEmpty() ? List.of() : open(openings, nodeId, now));
            }
            e.enter();
            if (variant == Variant.LEASE_CHECK_REMOVED) {
                expireLeases(bankCode);
            }
            List<List<Opening>> all = new ArrayList<>(List.of(List.of()));
            // every claim the store decided on; all but the returned one were undone (rolled back, or
            // a lost commit's lease released under its token before the store claimed again): either way
            // the item was free at that moment, which the checker must know when a stale engine claims it
            List<List<ClaimedWorkItem>> decided = new ArrayList<>();
            ClaimedChunk chunk = transfers.claimAndOpen(bankCode, priority, limit, nodeId, now, lease, occurrences -> {
                decided.add(occurrences.stream().map(ClaimedOccurrence::item).toList());
                List<Opening> openings = decide.apply(broken(occurrences, now));
                all.set(0, openings);
                if (variant == Variant.STARTED_AFTER_CALL) {
                    return openings.stream().filter(o -> o.event().type() != EventType.STARTED).toList();
                }
                return openings;
            });
            List<ClaimedWorkItem> kept = chunk.occurrences().stream().map(ClaimedOccurrence::item).toList();
            for (List<ClaimedWorkItem> undone : decided) {
                if (!undone.equals(kept)) {
                    checker.undone(e.index, undone, now);
                }
            }
            checker.claimed(e.index, kept, now);
            opened(chunk.openings(), chunk.results());
            if (variant == Variant.STARTED_AFTER_CALL && !chunk.occurrences().isEmpty()) {
                chunk = withHeldStarted(chunk, all.get(0));
            }
            if (!chunk.occurrences().isEmpty() && e.crashesAt(CrashPoint.AFTER_STARTED)) {
                throw e.crash(CrashPoint.AFTER_STARTED);
            }
            return chunk;
        }

        /** The chunk as the engine expects it, its STARTED openings reported OPENED though not written yet. */
        private ClaimedChunk withHeldStarted(ClaimedChunk chunk, List<Opening> all) {
            List<OpenResult> results = new ArrayList<>();
            int w = 0;
            for (Opening opening : all) {
                if (opening.event().type() == EventType.STARTED) {
                    e.heldStarted.put(opening.event().request().idempotencyKey(), opening);
                    results.add(OpenResult.OPENED);
                } else {
                    results.add(chunk.results().get(w++));
                }
            }
            return new ClaimedChunk(chunk.occurrences(), all, results);
        }

        @Override
        public List<ClaimedOccurrence> load(List<ClaimedWorkItem> items) {
            e.enter();
            return broken(transfers.load(items), null);
        }

        @Override
        public List<OpenResult> open(List<Opening> openings, String nodeId, Instant now) {
            e.enter();
            List<OpenResult> results = transfers.open(openings, nodeId, now);
            opened(openings, results);
            return results;
        }

        private void opened(List<Opening> openings, List<OpenResult> results) {
            for (int i = 0; i < openings.size() && i < results.size(); i++) {
                if (results.get(i) == OpenResult.FENCED) {
                    stats.fault("staleWritesFenced");
                }
                if (results.get(i) == OpenResult.OPENED && openings.get(i).followUp().action() != ItemAction.KEEP) {
                    checker.releasing(openings.get(i).item());
                }
            }
        }

        @Override
        public List<RecordResult> record(List<Recording> recordings, String nodeId, Instant now) {
            e.enter();
            for (Recording r : recordings) {
                if (r.followUp().action() != ItemAction.KEEP) {
                    checker.releasing(r.item());
                }
            }
            if (e.crashesAt(CrashPoint.DURING_OUTCOME_COMMIT)) {
                if (e.coin()) {
                    transfers.record(recordings, nodeId, now);
                }
                throw e.crash(CrashPoint.DURING_OUTCOME_COMMIT);
            }
            List<RecordResult> results = transfers.record(recordings, nodeId, now);
            for (RecordResult result : results) {
                if (!result.leaseHeld() && !result.failed()) {
                    stats.fault("staleWritesFenced");
                }
            }
            return results;
        }

        @Override
        public long countDue(Instant now) {
            if (e.dead) {
                throw new SimulatedCrash("engine " + e.index + " is dead");
            }
            return transfers.countDue(now);
        }

        @Override
        public java.util.Map<String, Long> countDueByBank(Instant now) {
            if (e.dead) {
                throw new SimulatedCrash("engine " + e.index + " is dead");
            }
            return transfers.countDueByBank(now);
        }

        /** The histories as a broken variant would read them (unchanged for the correct engine). */
        private List<ClaimedOccurrence> broken(List<ClaimedOccurrence> loaded, Instant now) {
            if (variant != Variant.NEW_KEY_AFTER_UNKNOWN && variant != Variant.RESEND_FROM_CURRENT_VALUES) {
                return loaded;
            }
            List<ClaimedOccurrence> out = new ArrayList<>();
            for (ClaimedOccurrence co : loaded) {
                List<HistoryEvent> events = new ArrayList<>();
                for (HistoryEvent ev : co.history().events()) {
                    if (variant == Variant.NEW_KEY_AFTER_UNKNOWN && ev.type() == EventType.UNKNOWN) {
                        events.add(new HistoryEvent(ev.seq(), ev.key(), EventType.FAILED, ev.occurredAt(), null,
                                null, "TIMEOUT", "taken for a failure"));
                    } else if (variant == Variant.RESEND_FROM_CURRENT_VALUES && ev.type() == EventType.STARTED) {
                        ScheduleSpec spec = co.schedule().spec();
                        TransferRequest current = new TransferRequest(ev.request().idempotencyKey(), spec.source(),
                                spec.destination(), spec.amount(), spec.memo(),
                                now != null ? now : clock.instant());
                        events.add(new HistoryEvent(ev.seq(), ev.key(), ev.type(), ev.occurredAt(), current,
                                ev.externalTransactionId(), ev.code(), ev.detail()));
                    } else {
                        events.add(ev);
                    }
                }
                out.add(new ClaimedOccurrence(co.item(), co.schedule(),
                        new OccurrenceHistory(co.history().occurrence(), events)));
            }
            return out;
        }
    }

    /** The engine's client of one bank: pauses, crash points, the protocol checks at each call. */
    final class SimBank implements BankClient {
        private final SimEngine e;
        private final String code;
        private final BankClient delegate;

        SimBank(SimEngine e, String code, BankClient delegate) {
            this.e = e;
            this.code = code;
            this.delegate = delegate;
        }

        @Override
        public TransferOutcome transfer(TransferRequest request) {
            e.enter();
            if (code.equals(accounts.code())) {
                accounts.touch();
            }
            if (e.crashesAt(CrashPoint.HOLDING_LEASES)) {
                throw e.crash(CrashPoint.HOLDING_LEASES);
            }
            checker.beforeCall(request);
            int index = bankCodes.indexOf(code);
            if (index >= 0 && moods[index] == BankMood.SLOW) {
                stats.fault("slowAnswers");
            }
            TransferOutcome outcome;
            try {
                outcome = delegate.transfer(request);
            } finally {
                if (code.equals(accounts.code())) {
                    accounts.touch();
                }
            }
            if (e.dead) {
                throw new SimulatedCrash("engine " + e.index + " died inside the ledger's call");
            }
            if (outcome instanceof TransferOutcome.Rejected rejected && rejected.code().kind().closesKey()) {
                checker.definitivelyRejected(request.idempotencyKey());
            }
            TransferStore.Opening held = e.heldStarted.remove(request.idempotencyKey());
            if (held != null) {
                transfers.open(List.of(held), e.engine.nodeId(), clock.instant());
            }
            boolean executed = bank.executionCount(request.idempotencyKey()) > 0
                    || code.equals(accounts.code()) && accounts.executedInternally(request.idempotencyKey());
            if (executed && e.crashesAt(CrashPoint.AFTER_BANK_EXECUTED)) {
                throw e.crash(CrashPoint.AFTER_BANK_EXECUTED);
            }
            return outcome;
        }

        @Override
        public InquiryResult inquire(String idempotencyKey) {
            e.enter();
            if (code.equals(accounts.code())) {
                accounts.touch();
            }
            InquiryResult answer;
            try {
                answer = delegate.inquire(idempotencyKey);
            } finally {
                if (code.equals(accounts.code())) {
                    accounts.touch();
                }
            }
            if (e.dead) {
                throw new SimulatedCrash("engine " + e.index + " died inside the ledger's inquiry");
            }
            if (answer instanceof InquiryResult.Rejected rejected && rejected.answer().code().kind().closesKey()) {
                checker.definitivelyRejected(idempotencyKey);
            }
            if (variant == Variant.NOT_FOUND_AS_FAILURE && answer instanceof InquiryResult.NotFound) {
                return new InquiryResult.Rejected(new TransferOutcome.Rejected(RejectionCode.INVALID_ACCOUNT, false,
                        "not found, taken for a failure"));
            }
            return answer;
        }

        @Override
        public BankTerms terms() {
            return delegate.terms();
        }
    }

    /**
     * An outside bank as the ledger's bank inside an engine's process calls it (a pull from a linked
     * account, a payout): the engine pauses before the call and may die right after the bank executed
     * it, before the ledger recorded the answer.
     */
    final class SimOutside implements BankClient {
        private final SimEngine e;
        private final BankClient delegate;

        SimOutside(SimEngine e, BankClient delegate) {
            this.e = e;
            this.delegate = delegate;
        }

        @Override
        public TransferOutcome transfer(TransferRequest request) {
            e.enter();
            TransferOutcome outcome = delegate.transfer(request);
            if (bank.executionCount(request.idempotencyKey()) > 0 && e.crashesAt(CrashPoint.AFTER_BANK_EXECUTED)) {
                stats.fault("crashesInsideLedger");
                throw e.crash(CrashPoint.AFTER_BANK_EXECUTED);
            }
            return outcome;
        }

        @Override
        public InquiryResult inquire(String idempotencyKey) {
            e.enter();
            return delegate.inquire(idempotencyKey);
        }

        @Override
        public BankTerms terms() {
            return delegate.terms();
        }
    }

    static Set<Variant> brokenVariants() {
        return EnumSet.complementOf(EnumSet.of(Variant.CORRECT));
    }
}
