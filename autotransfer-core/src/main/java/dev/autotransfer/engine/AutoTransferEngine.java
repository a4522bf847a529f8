package dev.autotransfer.engine;

import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.spi.LoadSignal;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.internal.bankcall.TimeSourceClock;
import dev.autotransfer.internal.events.SafeListener;
import dev.autotransfer.internal.fleet.RolloutController;
import dev.autotransfer.internal.fleet.RunSizeCheck;
import dev.autotransfer.internal.fleet.RunTracker;
import dev.autotransfer.internal.loop.LaneScheduler;
import dev.autotransfer.internal.loop.WorkerLimit;
import dev.autotransfer.internal.protocol.CallFanOut;
import dev.autotransfer.internal.protocol.ChunkClaim;
import dev.autotransfer.internal.protocol.ChunkProtocol;
import dev.autotransfer.internal.protocol.RetryPolicy;
import dev.autotransfer.internal.fleet.RunTally;
import dev.autotransfer.internal.protocol.ScheduleAdvancer;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.internal.bankcall.BankLane;
import dev.autotransfer.internal.fleet.FleetShare;
import dev.autotransfer.internal.bankcall.LaneSettings;
import dev.autotransfer.internal.bankcall.BankLane;
import dev.autotransfer.internal.fleet.FleetShare;
import dev.autotransfer.internal.bankcall.LaneSettings;
import dev.autotransfer.spi.AlarmStore;
import dev.autotransfer.spi.RunStore;
import dev.autotransfer.spi.RunStore.RunMembership;
import dev.autotransfer.spi.TransferStore;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes due standing orders through their banks, each occurrence at most once, by the execution
 * protocol of the design brief: claim work items under a lease, commit STARTED before calling the
 * bank, re-send open attempts with their recorded request and key, record every outcome.
 *
 * <p>{@link #runOnce()} works until no due work item is left unclaimed or leased by this engine
 * (work leased by other nodes is theirs; a bank whose circuit is open is passed over, its work
 * visibly waiting) and returns what it did. {@link #start()} runs passes continuously in the
 * background. {@link #close()} stops claiming, lets every chunk in flight finish (each call's
 * outcome recorded), leaves the run and stops the banks' pools. Any number of engines, on one node
 * or many, may run over one store: they coordinate only through it.
 *
 * <p>Thread-safe. {@code runOnce()} calls are serialized, and refused while {@code start()} runs.
 */
public final class AutoTransferEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AutoTransferEngine.class);
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    private final EngineConfig config;
    private final TimeSource time;
    private final SafeListener listener;
    /** Writes alarms to the alarm store when the builder named one; closed after the engine's work. */
    private final AlarmRecorder alarmRecorder;
    private final String nodeId;
    private final Map<String, BankLane> lanes;
    private final LaneScheduler scheduler;
    private final ChunkProtocol protocol;
    private final RunTracker tracker;
    private final RunTally tally = new RunTally();
    private final ExecutorService workers;
    /** Runs a chunk's bank calls side by side. */
    private final ExecutorService calls;
    private final WorkerLimit workerLimit;
    private final boolean ownsWorkers;
    private final ThreadFactory threads;
    private final ReentrantLock passLock = new ReentrantLock();
    private final Set<String> openBanks = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Thread loop;

    private AutoTransferEngine(Builder b) {
        String installationPrefix = b.installationKeyPrefix != null ? b.installationKeyPrefix
                : b.store.installationKeyPrefix().orElse(null);
        this.config = installationPrefix == null ? b.config : b.config.withDefaultKeyPrefix(installationPrefix);
        this.time = b.time;
        this.nodeId = b.nodeId != null ? b.nodeId : defaultNodeId();
        this.threads = b.threadFactory != null ? b.threadFactory : daemonThreads("autotransfer");
        Map<String, BankLane> laneMap = new TreeMap<>();
        Map<String, KeyRetention> retentions = new TreeMap<>();
        Map<String, Integer> quotas = new TreeMap<>();
        LaneSettings settings = new LaneSettings(config.bankTimeLimit(), config.bankConcurrency(), config.permitWait(),
                config.breakerFailureRatePercent(), config.breakerMinimumCalls(), config.breakerOpenWait(),
                config.p0ReservedPercent(), 20, config.bankSlowdownFactor(), config.bankStrainPercent());
        Clock clock = new TimeSourceClock(time);
        for (String bank : bankCodes(b.banks)) {
            BankClient client = b.banks.client(bank).orElseThrow(() -> new IllegalArgumentException(
                    "banks names bank " + bank + " but has no client for it"));
            laneMap.put(bank, new BankLane(bank, client, settings, clock,
                    b.threadFactory != null ? b.threadFactory : daemonThreads("autotransfer-bank-" + bank)));
            retentions.put(bank, Objects.requireNonNull(client.terms(), "terms of bank " + bank).keyRetention());
            quotas.put(bank, client.terms().requestsPerSecond());
        }
        this.lanes = Map.copyOf(laneMap);
        // after the checks that may refuse the builder, so a refused build leaves no recorder thread behind
        this.alarmRecorder = b.alarmStore == null ? null : AlarmRecorder.create(b.alarmStore, nodeId);
        this.listener = new SafeListener(alarmRecorder == null ? b.listener
                : EngineListener.both(b.listener, alarmRecorder));
        this.scheduler = new LaneScheduler(List.copyOf(laneMap.keySet()), config.chunkSize(), config.pollInterval(),
                time::now);
        RolloutController rollout = new RolloutController(config.rollout(), b.runs, nodeId, listener,
                config.heartbeatInterval());
        this.tracker = new RunTracker(b.runs, b.store, config, listener, time, nodeId, tally, rollout,
                new RunSizeCheck(b.store, quotas, config, listener), this::share);
        ScheduleAdvancer advancer = new ScheduleAdvancer(b.calendars, tracker::anyNodeAliveAt,
                config.heartbeatInterval().multipliedBy(2));
        this.calls = Executors.newCachedThreadPool(threads);
        this.workerLimit = new WorkerLimit(config.workerThreads(), config.storeLatencyLimit(), b.signals);
        this.protocol = new ChunkProtocol(b.store, lanes, Map.copyOf(retentions), config, advancer, listener, time, nodeId,
                tally, new CallFanOut(calls, config.parallelCalls()), workerLimit, rollout,
                new RetryPolicy(config, b.random));
        if (b.executor != null) {
            this.workers = b.executor;
            this.ownsWorkers = false;
        } else {
            this.workers = Executors.newFixedThreadPool(config.workerThreads(), threads);
            this.ownsWorkers = true;
        }
    }

    private static Set<String> bankCodes(BankDirectory banks) {
        Set<String> codes = new java.util.TreeSet<>(Objects.requireNonNull(banks.bankCodes(), "bankCodes"));
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("banks must name at least one bank");
        }
        return codes;
    }

    /**
     * A builder over the store of transfers, the store of runs and the banks.
     *
     * @param store where work items, history and schedules live
     * @param runs where runs and node heartbeats live (usually the same database)
     * @param banks the client of each bank the engine claims work for
     */
    public static Builder builder(TransferStore store, RunStore runs, BankDirectory banks) {
        return new Builder(store, runs, banks);
    }

    /** How many workers claim now: the configured workers, fewer while backpressure holds them back. */
    public int activeWorkers() {
        return workerLimit.active();
    }

    /** This engine's node id, as written in leases, history and the run. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Works every due work item this engine can claim now, then returns.
     *
     * @return what this call did
     * @throws IllegalStateException if the engine is closed or {@link #start()} runs
     */
    public RunReport runOnce() {
        ensureOpen();
        if (loop != null) {
            throw new IllegalStateException("engine " + nodeId + " runs continuously; runOnce() is not allowed");
        }
        return pass();
    }

    /**
     * Starts working continuously on a background thread: passes like {@link #runOnce()}, separated by
     * the poll interval when a pass found nothing to do.
     *
     * @throws IllegalStateException if the engine is closed or already started
     */
    public synchronized void start() {
        ensureOpen();
        if (loop != null) {
            throw new IllegalStateException("engine " + nodeId + " is already started");
        }
        Thread thread = threads.newThread(() -> {
            while (!closed) {
                try {
                    RunReport report = pass();
                    if (report.claimed() == 0 && closing.await(config.pollInterval().toMillis(),
                            TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.error("engine pass failed; next pass after the poll interval: {}", e.toString());
                    try {
                        if (closing.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        });
        thread.setName("autotransfer-engine-" + nodeId);
        loop = thread;
        thread.start();
    }

    private RunReport pass() {
        ensureOpen();
        passLock.lock();
        try {
            ensureOpen();
            RunReport before = tally.snapshot(0);
            if (skewTooLarge()) {
                return RunTally.minus(tally.snapshot(0), before);
            }
            RunMembership run = tracker.current();
            tracker.refreshLiveness();
            try {
                tracker.awaitSeen(config.shareWait(), closing);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return RunTally.minus(tally.snapshot(0), before);
            }
            long claimed;
            long total = 0;
            do {
                claimed = epoch(run);
                total += claimed;
                tracker.tick(false);
            } while (claimed > 0 && !closed && !skewTooLarge());
            tracker.tick(true);
            try {
                tracker.afterPass(total);
            } catch (RuntimeException e) {
                LOG.warn("updating the status of run {} failed: {}", run.runId(), e.toString());
            }
            return RunTally.minus(tally.snapshot(run.runId()), before);
        } finally {
            passLock.unlock();
        }
    }

    /** One sweep over every (bank, priority) by all workers; returns the items claimed. */
    private long epoch(RunMembership run) {
        scheduler.reset();
        AtomicLong claimed = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < config.workerThreads(); i++) {
            int index = i;
            futures.add(workers.submit(() -> work(index, run, claimed)));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                LOG.error("engine worker failed: {}", String.valueOf(e.getCause()));
            }
        }
        return claimed.get();
    }

    private void work(int index, RunMembership run, AtomicLong claimed) {
        // a worker beyond the backpressure's limit sits this epoch out
        while (!closed && index < workerLimit.active()) {
            LaneScheduler.Slot slot = scheduler.next(this::bankClosed);
            if (slot == null) {
                return;
            }
            ChunkClaim n;
            try {
                n = protocol.process(slot.bank(), slot.priority(), run.runId(), tracker.newSendsStopped());
            } catch (RuntimeException e) {
                // a claim or a read failed (the database is away, for example): nothing was sent for
                // it; leased items return after their lease
                LOG.error("working bank {} {} failed: {}", slot.bank(), slot.priority(), e.toString());
                workerLimit.storeStrain();
                n = new ChunkClaim(config.chunkSize(), 0);
            }
            workerLimit.chunkDone();
            scheduler.report(slot, n.asked(), n.claimed());
            claimed.addAndGet(n.claimed());
            tracker.tick(false);
        }
    }

    private void share(FleetShare share, Instant validUntil, long validUntilNanos) {
        lanes.values().forEach(lane -> lane.share(share, validUntil, validUntilNanos));
    }

    private boolean bankClosed(String bank) {
        if (!lanes.get(bank).canSend()) {
            // this node's share of the bank's quota is zero for now: another node sends its work
            return true;
        }
        boolean open = lanes.get(bank).isOpen();
        if (open && openBanks.add(bank)) {
            String detail = "circuit of bank " + bank + " opened; its work waits " + config.breakerOpenWait();
            LOG.warn("{}: {}", Alarm.Kind.CIRCUIT_OPEN, detail);
            listener.alarm(new Alarm(Alarm.Kind.CIRCUIT_OPEN, time.now(), bank, null, detail));
        } else if (!open) {
            openBanks.remove(bank);
        }
        return open;
    }

    private boolean skewTooLarge() {
        Optional<Duration> skew = time.skew();
        if (skew.isPresent() && skew.get().compareTo(config.maxClockSkew()) > 0) {
            String detail = "local clock is " + skew.get() + " from the time source, more than "
                    + config.maxClockSkew() + "; not claiming";
            LOG.warn("{}: {}", Alarm.Kind.CLOCK_SKEW, detail);
            listener.alarm(new Alarm(Alarm.Kind.CLOCK_SKEW, time.now(), null, null, detail));
            return true;
        }
        return false;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("engine " + nodeId + " is closed");
        }
    }

    /**
     * Stops claiming, waits for the chunks in flight (every call's outcome recorded), leaves the run
     * and stops the banks' pools. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closing.countDown();
        Thread thread = loop;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        passLock.lock();
        try {
            try {
                tracker.leave();
            } catch (RuntimeException e) {
                LOG.warn("node {} could not leave its run: {}", nodeId, e.toString());
            }
            if (ownsWorkers) {
                workers.shutdown();
            }
            calls.shutdown();
            lanes.values().forEach(BankLane::close);
        } finally {
            passLock.unlock();
            if (alarmRecorder != null) {
                alarmRecorder.close();
            }
        }
    }

    private static String defaultNodeId() {
        String runtime = ManagementFactory.getRuntimeMXBean().getName().replaceAll("[^A-Za-z0-9._:@-]", "-");
        String id = runtime + "-" + UUID.randomUUID().toString().substring(0, 8);
        return id.length() <= 64 ? id : id.substring(id.length() - 64);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Builds an {@link AutoTransferEngine}; not thread-safe. */
    public static final class Builder {
        private final TransferStore store;
        private final RunStore runs;
        private final BankDirectory banks;
        private TimeSource time = TimeSource.of(Clock.systemUTC());
        private EngineConfig config = EngineConfig.defaults();
        private String installationKeyPrefix;
        private EngineListener listener = EngineListener.NONE;
        private AlarmStore alarmStore;
        private HolidayCalendarRegistry calendars = HolidayCalendarRegistry.withDefaults();
        private String nodeId;
        private ExecutorService executor;
        private ThreadFactory threadFactory;
        private final List<LoadSignal> signals = new ArrayList<>();
        private RandomGenerator random = new SplittableRandom();

        private Builder(TransferStore store, RunStore runs, BankDirectory banks) {
            this.store = Objects.requireNonNull(store, "store");
            this.runs = Objects.requireNonNull(runs, "runs");
            this.banks = Objects.requireNonNull(banks, "banks");
        }

        /**
         * The one time source of every node. Default here: this machine's UTC clock; the JDBC
         * module's {@code AutoTransferDatabase.engine(...)} makes the database's clock the default, so
         * all nodes read one clock.
         */
        public Builder timeSource(TimeSource value) {
            this.time = Objects.requireNonNull(value, "timeSource");
            return this;
        }

        /** The settings (default {@link EngineConfig#defaults()}). */
        public Builder config(EngineConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /**
         * The installation's key prefix, used when the config sets none (see
         * {@link EngineConfig#withDefaultKeyPrefix(String)}). Default: the store's
         * {@link TransferStore#installationKeyPrefix()} (the JDBC store's {@code <installation id>-});
         * with neither, the config's prefix (empty when unset) applies as it is.
         *
         * @throws IllegalArgumentException unless 1..16 characters of [A-Za-z0-9_-]; {@link #build()}
         *     throws it when the config set an empty prefix explicitly
         */
        public Builder installationKeyPrefix(String value) {
            EngineConfig.defaults().withDefaultKeyPrefix(Objects.requireNonNull(value, "installationKeyPrefix"));
            this.installationKeyPrefix = value;
            return this;
        }

        /** The listener (default none). */
        public Builder listener(EngineListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Where the engine's alarms are kept (default none): the engine writes each alarm it raises
         * there through an {@link AlarmRecorder} of its own, tagged with its node id and run, off its
         * threads, in addition to calling the listener; {@link AutoTransferEngine#close()} drains the
         * recorder last. The JDBC module's {@code AutoTransferDatabase} sets its alarm table here.
         */
        public Builder alarmStore(AlarmStore value) {
            this.alarmStore = Objects.requireNonNull(value, "alarmStore");
            return this;
        }

        /** The business calendars of the schedules (default {@link HolidayCalendarRegistry#withDefaults()}). */
        public Builder calendars(HolidayCalendarRegistry value) {
            this.calendars = Objects.requireNonNull(value, "calendars");
            return this;
        }

        /** This node's id, 1..64 characters [A-Za-z0-9._:@-] (default: process name and a random suffix). */
        public Builder nodeId(String value) {
            Objects.requireNonNull(value, "nodeId");
            if (!NODE_ID.matcher(value).matches()) {
                throw new IllegalArgumentException("nodeId must be 1..64 characters of [A-Za-z0-9._:@-], was '"
                        + value + "'");
            }
            this.nodeId = value;
            return this;
        }

        /**
         * The executor the workers run on, with at least {@link EngineConfig#workerThreads()} threads
         * (default: a fixed pool the engine owns and shuts down). A caller's executor is not shut down.
         */
        public Builder executor(ExecutorService value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * Adds a reading of a resource the engine strains but cannot see (the database's CPU, say):
         * while it reads 1 or more, the engine halves the workers that claim (see {@link LoadSignal}).
         */
        public Builder loadSignal(LoadSignal value) {
            signals.add(Objects.requireNonNull(value, "loadSignal"));
            return this;
        }

        /**
         * Where the jitter of backoffs is drawn from (default: a {@link SplittableRandom} seeded at
         * random). A seeded source makes a single-threaded run replay the same waits; the engine
         * serialises its draws, so the source need not be thread-safe.
         */
        public Builder random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** Creates the engine's own threads: its loop, its workers, the banks' pools (default daemon threads). */
        public Builder threadFactory(ThreadFactory value) {
            this.threadFactory = Objects.requireNonNull(value, "threadFactory");
            return this;
        }

        /**
         * The engine, with a lane (pool, rate limiter, breaker) per bank.
         *
         * @throws IllegalArgumentException if an installation key prefix was given and the config set
         *     an empty prefix explicitly
         */
        public AutoTransferEngine build() {
            return new AutoTransferEngine(this);
        }
    }
}
