package dev.autotransfer.examples;

import dev.autotransfer.jdbc.AutoTransferDatabase;
import dev.autotransfer.client.ScheduleClient;
import com.zaxxer.hikari.HikariDataSource;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.bank.sim.SystemFailure;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.jdbc.JdbcRunStore;
import dev.autotransfer.jdbc.JdbcTransferStore;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.jdbc.SchemaInstaller;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The benchmark of throughput under a bank's quota: due schedules at one simulated bank with a
 * latency and a requests-per-second quota (enforced over a sliding second, as banks do), worked by
 * one or more engine instances in this JVM over one shared database, in real time. It prints one
 * figure a line ({@code name value}): the machine, the settings, the total time against the ideal
 * (transfers / quota), the executed rate over the steady part and the fraction of the quota it used,
 * what the bank saw (the most requests arriving in any sliding second, its quota's refusals, the most
 * calls in flight) and the check against the bank's own record that each schedule was debited
 * exactly once. Exits 1 when that check fails.
 *
 * <p>Mode {@code quota} runs a backlog of P1 schedules. Mode {@code priorities} runs a backlog of P2
 * schedules while new P0 schedules fall due every second, and prints the P0 latency from due to
 * executed (p50, p99, max) and the P2 throughput. Mode {@code rollout}: after
 * {@code --change-after-s} a tenth of the bank's transfers fail; the run must stop itself (a 10-second
 * evaluation window, no stages) and it prints when and how much went out meanwhile. Mode
 * {@code backpressure}: after {@code --change-after-s} the bank's latency rises tenfold; it prints
 * requests per second, calls in flight and failures each second for {@code --seconds}, and before
 * and after the change ({@link StrainRuns}). Only the rollout mode has the gradual rollout on.
 *
 * <p>Usage: {@code QuotaBenchmark [--mode quota|priorities|rollout|backpressure] [--jdbc-url URL]
 * [--transfers N] [--quota R] [--latency-ms MS] [--instances N] [--workers N] [--chunk N]
 * [--p0-per-second N] [--timeout-s S] [--change-after-s S] [--seconds S]}. The database must hold no schedules yet (a fresh H2 in memory by default).
 * A command-line program: one run per instance, from one thread.
 */
public final class QuotaBenchmark {

    static final String BANK = "BANK_Q";
    private static final Instant NOW = Instant.parse("2026-11-25T00:30:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final Set<String> OPTIONS = Set.of("mode", "jdbc-url", "transfers", "quota", "latency-ms",
            "instances", "workers", "chunk", "p0-per-second", "timeout-s", "change-after-s", "seconds");

    private final PrintStream out;
    private final String mode;
    private final String url;
    private final int transfers;
    private final int quota;
    private final int latencyMs;
    private final int instances;
    private final int workers;
    private final int chunk;
    private final int p0PerSecond;
    private final int timeoutSeconds;
    private final int changeAfterSeconds;
    private final int seconds;
    private final DepartureLog departures = new DepartureLog();

    QuotaBenchmark(BenchOptions options, PrintStream out) {
        this.out = out;
        this.mode = options.choice("mode", "quota", Set.of("quota", "priorities", "rollout", "backpressure"));
        this.url = options.text("jdbc-url", BenchSupport.DEFAULT_URL);
        this.transfers = options.intValue("transfers", mode.equals("quota") ? 200_000 : 100_000, 1, 10_000_000);
        this.quota = options.intValue("quota", 200, 1, 1_000_000);
        this.latencyMs = options.intValue("latency-ms", 50, 0, 3_000);
        this.instances = options.intValue("instances", 1, 1, 16);
        this.workers = options.intValue("workers", 16, 1, 256);
        this.chunk = options.intValue("chunk", 10, 1, 500);
        this.p0PerSecond = options.intValue("p0-per-second", 2, 1, 10_000);
        this.timeoutSeconds = options.intValue("timeout-s", Math.max(120, 3 * transfers / quota + 60), 1, 86_400);
        this.changeAfterSeconds = options.intValue("change-after-s", 30, 1, 3_600);
        this.seconds = options.intValue("seconds", 90, 10, 3_600);
    }

    /** Runs the benchmark with the command-line options; exits 1 when the bank's record is not right. */
    public static void main(String[] args) throws Exception {
        boolean ok = new QuotaBenchmark(BenchOptions.parse(args, OPTIONS), System.out).run();
        System.exit(ok ? 0 : 1);
    }

    boolean run() throws Exception {
        BenchSupport.printMachine(out);
        LongAdder commits = new LongAdder();
        try (HikariDataSource pool = BenchSupport.pool(url, commits, instances * workers + 8)) {
            SchemaInstaller installer = SchemaInstaller.builder(pool).build();
            installer.install();
            // real time, moved to the benchmark's business day: the bank's quota and latency are real
            Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));
            AutoTransferDatabase database = AutoTransferDatabase.builder(pool).clock(clock).build();
            ScheduleClient store = database.schedules();
            if (store.find(1).isPresent()) {
                out.println("the benchmark needs a database without schedules; " + PayServiceApp.redact(url)
                        + " has some");
                return false;
            }
            SimulatedBank bank = new SimulatedBank(1L, clock, Sleeper.real());
            bank.configure(BANK, SimulatedBankConfig.custom().fixedLatency(Duration.ofMillis(latencyMs))
                    .requestsPerSecond(quota).build());
            Duration window = Duration.ofSeconds(10);
            EngineConfig config = EngineConfig.builder().workerThreads(workers).chunkSize(chunk)
                    .lease(Duration.ofSeconds(Math.max(60, chunk * 5L)))
                    // headroom over the workers: a pool of exactly one thread per worker refuses a worker's
                    // next call while the thread that ran its last call is not back yet (POOL_FULL)
                    .bankConcurrency(Math.min(1024, Math.max(16, 2 * workers)))
                    // the rollout's stages would cap the first 10 minutes at 10,000 sends: only the
                    // rollout mode judges the failure rate, over a 10-second window, without stages
                    .rollout(mode.equals("rollout")
                            ? RolloutPolicy.custom().noStages().evaluationWindow(window, 100).build()
                            : RolloutPolicy.disabled())
                    .build();
            printSettings(installer, config);

            long loadStart = System.nanoTime();
            Priority backlogPriority = mode.equals("quota") ? Priority.P1 : Priority.P2;
            long[] backlog = BenchSupport.load(store, bank, List.of(BANK), 0, transfers, backlogPriority, TODAY);
            out.printf("load.seconds %.1f%n", (System.nanoTime() - loadStart) / 1e9);
            out.printf("load.statistics_seconds %.1f%n", BenchSupport.refreshStatistics(pool, installer.dialect()));

            // the strain modes' change, counted from the engines' start: a tenth of the transfers
            // fail, or the latency rises tenfold
            Instant change = clock.instant().plusSeconds(changeAfterSeconds);
            var changed = SimulatedBankConfig.custom().fixedLatency(Duration.ofMillis(latencyMs)).requestsPerSecond(quota);
            if (mode.equals("rollout")) {
                bank.configure(BANK, changed.systemFailuresFrom(change, 0.10, SystemFailure.BANK_ERROR_BEFORE_EXECUTING)
                        .build());
            } else if (mode.equals("backpressure")) {
                bank.configure(BANK, changed.latencyFactorFrom(change, 10.0).build());
            }
            EngineTally tally = new EngineTally(backlog);
            List<AutoTransferEngine> engines = engines(database, bank, clock, config, tally);
            StrainRuns strain = new StrainRuns(out, bank, BANK, clock);
            switch (mode) {
                case "rollout":
                    return strain.rollout(engines, database.runs(), TODAY, change, window, timeoutSeconds);
                case "backpressure":
                    strain.backpressure(engines, change, seconds);
                    return bank.occurrencesExecutedMoreThanOnce().isEmpty();
                case "quota":
                    return runQuota(bank, clock, engines, tally, backlog, commits);
                default:
                    return runPriorities(store, bank, clock, engines, tally, backlog, commits);
            }
        }
    }

    private boolean runQuota(SimulatedBank bank, Clock clock, List<AutoTransferEngine> engines, EngineTally tally,
            long[] backlog, LongAdder commits) throws InterruptedException {
        commits.reset();
        Instant start = clock.instant();
        engines.forEach(AutoTransferEngine::start);
        boolean finished = await(() -> tally.succeeded() >= transfers, timeoutSeconds);
        engines.forEach(AutoTransferEngine::close);
        out.printf("result.finished %s%n", finished ? "yes" : "no (cut after --timeout-s " + timeoutSeconds + ")");

        QuotaReport report = new QuotaReport(out, bank, BANK, quota);
        var debits = bank.executedDebits();
        report.throughput("result", ExecutionTimeline.of(start, debits.stream().map(d -> d.executedAt()).toList()),
                transfers);
        report.bankSide(tally);
        printDepartures();
        out.printf("engine.commits_per_transfer %.2f%n", commits.sum() / (double) Math.max(1, debits.size()));
        return report.check(DebitCheck.of(debits, backlog, TODAY), finished);
    }

    private boolean runPriorities(ScheduleClient store, SimulatedBank bank, Clock clock,
            List<AutoTransferEngine> engines, EngineTally tally, long[] backlog, LongAdder commits)
            throws InterruptedException {
        PriorityArrivals arrivals = new PriorityArrivals(store, bank, BANK, clock, TODAY, transfers, p0PerSecond);
        commits.reset();
        Instant start = clock.instant();
        arrivals.start();
        engines.forEach(AutoTransferEngine::start);
        boolean drained = await(() -> tally.backlogSucceeded() >= transfers, timeoutSeconds);
        arrivals.stop();
        boolean finished = drained && await(() -> tally.succeeded() >= transfers + arrivals.registered(), 60);
        engines.forEach(AutoTransferEngine::close);
        out.printf("result.finished %s%n", finished ? "yes" : drained ? "no (P0 not all executed 60 s after the backlog)"
                : "no (cut after --timeout-s " + timeoutSeconds + ")");

        var debits = bank.executedDebits();
        long[] p0 = arrivals.ids();
        Set<Long> p0Ids = new java.util.HashSet<>();
        for (long id : p0) {
            p0Ids.add(id);
        }
        List<Instant> p2Executed = debits.stream()
                .filter(d -> !p0Ids.contains(DebitCheck.scheduleOf(d.occurrenceId(), TODAY)))
                .map(d -> d.executedAt()).toList();
        QuotaReport report = new QuotaReport(out, bank, BANK, quota);
        report.throughput("p2", ExecutionTimeline.of(start, p2Executed), transfers);
        PriorityArrivals.Latencies latencies = arrivals.latencies(debits);
        out.printf("p0.registered %d%n", arrivals.registered());
        out.printf("p0.registrations_failed %d%n", arrivals.failedRegistrations());
        out.printf("p0.not_executed %d%n", latencies.notExecuted());
        out.printf("p0.latency_due_to_executed_p50_ms %.0f%n", BenchSupport.percentile(latencies.sortedNanos(), 0.50) / 1e6);
        out.printf("p0.latency_due_to_executed_p99_ms %.0f%n", BenchSupport.percentile(latencies.sortedNanos(), 0.99) / 1e6);
        out.printf("p0.latency_due_to_executed_max_ms %.0f%n", BenchSupport.percentile(latencies.sortedNanos(), 1.0) / 1e6);
        report.bankSide(tally);
        printDepartures();
        out.printf("engine.commits_per_transfer %.2f%n", commits.sum() / (double) Math.max(1, debits.size()));
        long[] all = new long[backlog.length + p0.length];
        System.arraycopy(backlog, 0, all, 0, backlog.length);
        System.arraycopy(p0, 0, all, backlog.length, p0.length);
        return report.check(DebitCheck.of(debits, all, TODAY), finished);
    }

    private List<AutoTransferEngine> engines(AutoTransferDatabase database, SimulatedBank bank, Clock clock,
            EngineConfig config, EngineTally tally) {
        BankClient client = bank.client(BANK);
        List<AutoTransferEngine> engines = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            Map<String, BankClient> clients = Map.of(BANK, departures.client(client, i));
            engines.add(database.engine(BankDirectory.of(clients))
                    .timeSource(TimeSource.of(clock)).config(config).nodeId("quota-bench-" + (i + 1))
                    .listener(tally).build());
        }
        return engines;
    }

    /**
     * What the engines sent, before the bank saw it: the most transfers handed to the bank's client in
     * any sliding second (the fleet), and per instance in any window of a second and the spread the
     * engine allows for the way to the bank (each instance's budget holds over that window).
     */
    private void printDepartures() {
        out.printf("engine.max_departures_in_sliding_1s %d%n", departures.maxInWindow(-1, 1_000_000_000L));
        for (int i = 0; i < instances; i++) {
            out.printf("engine.instance_%d.max_departures_in_sliding_1.02s %d%n", i + 1,
                    departures.maxInWindow(i, 1_020_000_000L));
        }
    }

    private void printSettings(SchemaInstaller installer, EngineConfig config) {
        out.printf("run.mode %s%n", mode);
        out.printf("run.database %s%n", installer.dialect());
        out.printf("run.jdbc_url %s%n", PayServiceApp.redact(url));
        out.printf("run.transfers %d%n", transfers);
        if (mode.equals("priorities")) {
            out.printf("run.p0_per_second %d%n", p0PerSecond);
        }
        out.printf("run.quota_per_s %d%n", quota);
        out.printf("run.latency_ms %d%n", latencyMs);
        out.printf("run.instances %d%n", instances);
        out.printf("run.workers_per_instance %d%n", workers);
        out.printf("run.chunk %d%n", chunk);
        out.printf("run.bank_concurrency_per_instance %d%n", config.bankConcurrency());
        out.printf("run.permit_wait_ms %d%n", config.permitWait().toMillis());
        out.printf("run.poll_interval_ms %d%n", config.pollInterval().toMillis());
        // a worker sends its chunk's calls one after the other, so this bounds the offered rate
        out.printf("run.worker_bound_per_s %.0f%n", latencyMs == 0 ? Double.POSITIVE_INFINITY
                : instances * workers * 1000.0 / latencyMs);
        out.printf("run.engine_rate_limit_per_s_per_instance %d%n", quota);
    }

    /** Waits until {@code done}, checking every 50 ms, for at most {@code seconds}; whether it became true. */
    private static boolean await(BooleanSupplier done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
