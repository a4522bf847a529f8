package dev.autotransfer.examples;

import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.jdbc.AutoTransferDatabase;
import dev.autotransfer.client.ScheduleClient;
import com.zaxxer.hikari.HikariDataSource;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.jdbc.SchemaInstaller;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The throughput benchmark: loads due schedules into an empty database, runs them through the
 * whole execution protocol with one or more engine instances against a zero-latency simulated
 * bank, and prints transfers per second, per-transfer latency (STARTED committed to SUCCEEDED
 * committed) p50 and p99, database commits per transfer and peak heap; then checks against the
 * bank's own record that every schedule was debited exactly once. Exits 1 when that check fails.
 *
 * <p>Usage: {@code Benchmark [--jdbc-url URL] [--schedules N] [--instances N] [--workers N]
 * [--chunk N] [--banks N] [--warmup N]}; {@code --warmup} first runs that many schedules of their own
 * through the same engines, unmeasured, so the figures are not those of a JVM still compiling. The database must hold no schedules yet (a fresh H2 in memory by default).
 */
public final class Benchmark {

    private static final Instant NOW = Instant.parse("2026-11-25T00:30:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static final Set<String> OPTIONS = Set.of("jdbc-url", "schedules", "warmup", "instances", "workers",
            "chunk", "banks");

    private final BenchOptions options;
    private final PrintStream out;

    private Benchmark(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the benchmark with the command-line options. */
    public static void main(String[] args) throws Exception {
        boolean ok = new Benchmark(BenchOptions.parse(args, OPTIONS), System.out).run();
        System.exit(ok ? 0 : 1);
    }

    boolean run() throws Exception {
        String url = options.text("jdbc-url", BenchSupport.DEFAULT_URL);
        int schedules = options.intValue("schedules", 200_000, 1, 10_000_000);
        int warmup = options.intValue("warmup", 0, 0, 10_000_000);
        int instances = options.intValue("instances", 1, 1, 16);
        int workers = options.intValue("workers", 8, 1, 256);
        int chunk = options.intValue("chunk", 10, 1, 500);
        int bankCount = options.intValue("banks", 4, 1, 26);
        LongAdder commits = new LongAdder();
        try (HikariDataSource pool = BenchSupport.pool(url, commits, instances * workers + 8)) {
            SchemaInstaller installer = SchemaInstaller.builder(pool).build();
            installer.install();
            MutableClock clock = new MutableClock(NOW);
            AutoTransferDatabase database = AutoTransferDatabase.builder(pool).clock(clock).build();
            ScheduleClient store = database.schedules();
            if (store.find(1).isPresent()) {
                out.println("the benchmark needs a database without schedules; " + PayServiceApp.redact(url) + " has some");
                return false;
            }
            SimulatedBank bank = new SimulatedBank(1L, clock, Sleeper.none());
            List<String> banks = new ArrayList<>();
            Map<String, BankClient> clients = new TreeMap<>();
            for (int b = 0; b < bankCount; b++) {
                String code = "BANK_" + (char) ('A' + b);
                banks.add(code);
                bank.configure(code, SimulatedBankConfig.custom().requestsPerSecond(100_000_000).build());
                clients.put(code, bank.client(code));
            }
            out.printf("autotransfer benchmark on %s: %,d schedules, %d engine instance(s) x %d workers, chunk %d, "
                    + "%d banks, %d cores%n", installer.dialect(), schedules, instances, workers, chunk, bankCount,
                    Runtime.getRuntime().availableProcessors());

            Latencies latencies = new Latencies(schedules);
            List<AutoTransferEngine> engines = new ArrayList<>();
            EngineConfig config = EngineConfig.builder().workerThreads(workers).chunkSize(chunk)
                    .lease(java.time.Duration.ofSeconds(Math.max(60, chunk * 5L)))
                    .bankConcurrency(Math.max(16, workers))
                    // throughput is measured without the gradual rollout's stage caps
                    .rollout(RolloutPolicy.disabled()).build();
            for (int i = 0; i < instances; i++) {
                engines.add(database.engine(BankDirectory.of(clients))
                        .timeSource(TimeSource.of(clock)).config(config).nodeId("bench-" + (i + 1))
                        .listener(latencies).build());
            }
            if (warmup > 0) {
                // the same protocol on schedules of their own first, so the measured run is not the JIT's
                BenchSupport.load(store, bank, banks, schedules, schedules + warmup, Priority.P1, TODAY);
                long warmed = 0;
                for (AutoTransferEngine engine : engines) {
                    warmed += engine.runOnce().succeeded();
                }
                out.printf("warm-up: %,d transfers%n", warmed);
                latencies.reset();
            }
            long loadStart = System.nanoTime();
            BenchSupport.load(store, bank, banks, 0, schedules, Priority.P1, TODAY);
            out.printf("loaded %,d due schedules in %.1f s%n", schedules, (System.nanoTime() - loadStart) / 1e9);
            out.printf("planner statistics refreshed in %.1f s%n",
                    BenchSupport.refreshStatistics(pool, installer.dialect()));
            System.gc();
            resetPeaks();
            commits.reset();
            long cpuStart = processCpuNanos();
            long jitStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long gcStart = gcMillis();
            long start = System.nanoTime();
            ExecutorService runners = Executors.newFixedThreadPool(instances);
            List<Future<RunReport>> runs = new ArrayList<>();
            for (AutoTransferEngine engine : engines) {
                runs.add(runners.submit(engine::runOnce));
            }
            long succeeded = 0;
            for (Future<RunReport> run : runs) {
                succeeded += run.get().succeeded();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = processCpuNanos() - cpuStart;
            long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitStart;
            long gc = gcMillis() - gcStart;
            long peakHeap = peakHeap();
            runners.shutdown();
            engines.forEach(AutoTransferEngine::close);

            long[] sorted = latencies.sorted();
            out.printf("%,d transfers in %.1f s: %,.0f transfers/s%n", succeeded, seconds, succeeded / seconds);
            out.printf("latency STARTED to SUCCEEDED committed: p50 %.1f ms, p99 %.1f ms%n",
                    BenchSupport.percentile(sorted, 0.50) / 1e6, BenchSupport.percentile(sorted, 0.99) / 1e6);
            out.printf("database commits per transfer: %.2f%n", commits.sum() / (double) Math.max(1, succeeded));
            out.printf("peak heap during the run: %,d MiB%n", peakHeap / (1024 * 1024));
            if (cpu >= 0) {
                out.printf("this JVM's CPU during the run: %.1f s, %.0f us per transfer%n", cpu / 1e9,
                        cpu / 1e3 / Math.max(1, succeeded));
            }
            out.printf("garbage collection %.1f s; JIT compile time %.1f s (elapsed, summed over the compiler "
                    + "threads: not CPU)%n", gc / 1e3, jit / 1e3);
            int executed = bank.executedDebits().size() - warmup;
            int twice = bank.occurrencesExecutedMoreThanOnce().size();
            boolean ok = executed == schedules && twice == 0 && succeeded == schedules;
            out.printf("bank's record: %,d debits executed, %d occurrences executed more than once: %s%n", executed,
                    twice, ok ? "OK" : "FAILED (expected " + schedules + " debits, each once)");
            if (warmup > 0) {
                out.printf("(the bank's record also holds the %,d warm-up debits, not counted above)%n", warmup);
            }
            return ok;
        }
    }

    /** CPU time of this JVM so far, or -1 where the platform does not tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long gcMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Times each attempt from its STARTED commit to its SUCCEEDED commit, by the listener's hooks. */
    private static final class Latencies implements EngineListener {
        private final Map<AttemptKey, Long> started;
        private final long[] done;
        private final AtomicInteger count = new AtomicInteger();

        Latencies(int expected) {
            this.started = new ConcurrentHashMap<>(expected * 2);
            this.done = new long[expected];
        }

        @Override
        public void attemptStarted(AttemptKey key, TransferRequest request) {
            started.put(key, System.nanoTime());
        }

        @Override
        public void recorded(AttemptKey key, EventType type, String code) {
            Long at = type == EventType.SUCCEEDED ? started.remove(key) : null;
            if (at != null) {
                int i = count.getAndIncrement();
                if (i < done.length) {
                    done[i] = System.nanoTime() - at;
                }
            }
        }

        void reset() {
            started.clear();
            count.set(0);
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(done, Math.min(count.get(), done.length));
            Arrays.sort(copy);
            return copy;
        }
    }
}
