package dev.autotransfer.examples;

import dev.autotransfer.client.ScheduleClient;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.domain.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * P0 standing orders falling due steadily while a backlog drains: every second, {@code perSecond} new
 * P0 schedules due today are registered (so each is due from its registration's commit), and the
 * instant each became due is kept, to measure the time from due to executed by the bank's record.
 *
 * <p>Thread-safe: {@link #start()} and {@link #stop()} from one thread, the reads from any.
 */
final class PriorityArrivals {

    private static final Logger LOG = LoggerFactory.getLogger(PriorityArrivals.class);

    /** The P0 latencies from due to executed, in nanoseconds, sorted; and how many were not executed. */
    record Latencies(long[] sortedNanos, int notExecuted) {
    }

    private final ScheduleClient store;
    private final SimulatedBank bank;
    private final String bankCode;
    private final Clock clock;
    private final LocalDate today;
    private final int perSecond;
    private final AtomicInteger next;
    private final Map<Long, Instant> dueAt = new ConcurrentHashMap<>();
    private final AtomicInteger failedRegistrations = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "p0-arrivals");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param firstIndex the first schedule index to use, past those of the backlog
     * @param perSecond P0 schedules registered each second
     */
    PriorityArrivals(ScheduleClient store, SimulatedBank bank, String bankCode, Clock clock, LocalDate today,
            int firstIndex, int perSecond) {
        this.store = store;
        this.bank = bank;
        this.bankCode = bankCode;
        this.clock = clock;
        this.today = today;
        this.perSecond = perSecond;
        this.next = new AtomicInteger(firstIndex);
    }

    /** Registers the first P0 schedules now, then every second. */
    void start() {
        timer.scheduleAtFixedRate(this::registerBatch, 0, 1, TimeUnit.SECONDS);
    }

    /** Stops registering; waits for a registration in progress. */
    void stop() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("P0 registration did not stop within 30 s");
        }
    }

    /** P0 schedules registered so far. */
    int registered() {
        return dueAt.size();
    }

    /** Registrations that failed (logged). */
    int failedRegistrations() {
        return failedRegistrations.get();
    }

    /** The registered P0 schedule ids. */
    long[] ids() {
        return dueAt.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** The time from due to executed of each registered P0, by the bank's record of {@code debits}. */
    Latencies latencies(List<ExecutedDebit> debits) {
        Map<Long, Instant> executed = new HashMap<>();
        for (ExecutedDebit debit : debits) {
            Long id = DebitCheck.scheduleOf(debit.occurrenceId(), today);
            if (id != null && dueAt.containsKey(id)) {
                executed.putIfAbsent(id, debit.executedAt());
            }
        }
        long[] nanos = new long[executed.size()];
        int i = 0;
        for (Map.Entry<Long, Instant> e : executed.entrySet()) {
            nanos[i++] = Duration.between(dueAt.get(e.getKey()), e.getValue()).toNanos();
        }
        Arrays.sort(nanos);
        return new Latencies(nanos, dueAt.size() - executed.size());
    }

    private void registerBatch() {
        for (int k = 0; k < perSecond; k++) {
            int index = next.getAndIncrement();
            try {
                long id = BenchSupport.register(store, bank, bankCode, index, Priority.P0, today);
                dueAt.put(id, clock.instant());
            } catch (RuntimeException e) {
                failedRegistrations.incrementAndGet();
                LOG.warn("registering P0 schedule bench-{} failed: {}", index, e.toString());
            }
        }
    }
}
