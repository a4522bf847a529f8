package dev.autotransfer.examples;

import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.event.EngineListener;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, from the engine's hooks, how many of the batch's open occurrences of today reached an end
 * (SUCCEEDED, DEAD_LETTERED, SKIPPED or CANCELLED), for the progress bar; and takes
 * {@link BatchBanks#OUTAGE} down once a quarter of its work is done, so the outage hits mid-batch.
 *
 * <p>Thread-safe; its hooks are fast and never block (the listener contract). The summary does not
 * trust these counts: it reads history.
 */
final class BatchTally implements EngineListener {

    private final LocalDate today;
    private final Map<Long, String> open;
    private final Set<Long> finished = ConcurrentHashMap.newKeySet();
    private final AtomicInteger outageBankFinished = new AtomicInteger();
    private final int outageThreshold;
    private final Runnable outage;
    private final LongAdder failed = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final CountDownLatch allFinished;

    /**
     * @param open the schedules whose occurrence of today is still open, with their bank
     * @param outage called once when a quarter of the outage bank's open occurrences finished
     */
    BatchTally(LocalDate today, Map<Long, String> open, Runnable outage) {
        this.today = today;
        this.open = Map.copyOf(open);
        this.outage = outage;
        this.outageThreshold = Math.max(1, (int) open.values().stream().filter(BatchBanks.OUTAGE::equals).count() / 4);
        this.allFinished = new CountDownLatch(this.open.isEmpty() ? 0 : 1);
    }

    @Override
    public void recorded(AttemptKey key, EventType type, String code) {
        if (!key.nominalDate().equals(today) || !open.containsKey(key.scheduleId())) {
            return;
        }
        switch (type) {
            case FAILED -> failed.increment();
            case UNKNOWN -> unknown.increment();
            case SUCCEEDED, DEAD_LETTERED, SKIPPED, CANCELLED -> finish(key.scheduleId());
            default -> { }
        }
    }

    private void finish(long scheduleId) {
        if (!finished.add(scheduleId)) {
            return;
        }
        if (BatchBanks.OUTAGE.equals(open.get(scheduleId)) && outageBankFinished.incrementAndGet() == outageThreshold) {
            outage.run();
        }
        if (finished.size() == open.size()) {
            allFinished.countDown();
        }
    }

    /** Waits up to {@code millis} for every open occurrence to finish; true when they all have. */
    boolean awaitAll(long millis) throws InterruptedException {
        return allFinished.await(millis, TimeUnit.MILLISECONDS);
    }

    int total() {
        return open.size();
    }

    int finished() {
        return finished.size();
    }

    long failedAnswers() {
        return failed.sum();
    }

    long unknownAnswers() {
        return unknown.sum();
    }
}
