package dev.autotransfer.engine;

import dev.autotransfer.event.Alarm;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.spi.AlarmStore;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EngineListener} that writes every alarm to an {@link AlarmStore}, tagged with the node
 * and the run it joined, without ever blocking or throwing on the engine's threads.
 *
 * <p>{@link #alarm} only offers the alarm to a bounded queue; one daemon thread drains it into the
 * store. When the queue is full the alarm is dropped and counted ({@link #dropped()}; logged at WARN
 * on the first drop and every hundredth); a store failure is logged at ERROR and counted
 * ({@link #failed()}), and the alarm is not retried (the engine logged it at WARN already).
 * {@link #close()} stops accepting alarms and waits up to the close timeout for the queue to drain.
 * Compose it with other listeners through {@link EngineListener#both}.
 *
 * <p>Thread-safe: hooks may be called from any number of threads.
 */
public final class AlarmRecorder implements EngineListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmRecorder.class);

    private final AlarmStore store;
    private final String nodeId;
    private final Duration closeTimeout;
    private final BlockingQueue<Pending> queue;
    private final Thread drainer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private volatile Long runId;
    private volatile boolean closed;

    /**
     * A recorder with its drain thread started.
     *
     * @param store where alarms go
     * @param nodeId the engine's node id, written with each alarm (null when unknown)
     * @param capacity how many alarms may wait for the store, 1..100,000
     * @param closeTimeout how long {@link #close()} waits for the queue to drain, not negative
     */
    public AlarmRecorder(AlarmStore store, String nodeId, int capacity, Duration closeTimeout) {
        this.store = Objects.requireNonNull(store, "store");
        this.nodeId = nodeId;
        if (capacity < 1 || capacity > 100_000) {
            throw new IllegalArgumentException("capacity must be 1..100000 alarms, was " + capacity);
        }
        if (Objects.requireNonNull(closeTimeout, "closeTimeout").isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative, was " + closeTimeout);
        }
        this.closeTimeout = closeTimeout;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.drainer = new Thread(this::drain, "autotransfer-alarm-recorder");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** A recorder with room for 1,000 waiting alarms and a 5-second close timeout. */
    public static AlarmRecorder create(AlarmStore store, String nodeId) {
        return new AlarmRecorder(store, nodeId, 1_000, Duration.ofSeconds(5));
    }

    @Override
    public void runJoined(long runId, LocalDate businessDate) {
        this.runId = runId;
    }

    @Override
    public void alarm(Alarm alarm) {
        if (alarm == null) {
            return;
        }
        if (closed || !queue.offer(new Pending(alarm, runId))) {
            long count = dropped.incrementAndGet();
            if (count == 1 || count % 100 == 0) {
                LOG.warn("alarm recorder {}: {} alarm(s) dropped so far, latest {} ({})",
                        closed ? "closed" : "queue full", count, alarm.kind(), alarm.detail());
            }
        }
    }

    /** Alarms dropped because the queue was full or the recorder closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Alarms the store failed to record. */
    public long failed() {
        return failed.get();
    }

    /** Alarms recorded in the store. */
    public long recorded() {
        return recorded.get();
    }

    /** Stops accepting alarms and waits up to the close timeout for those queued to be recorded. */
    @Override
    public void close() {
        closed = true;
        try {
            drainer.join(Math.max(1, closeTimeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drainer.isAlive()) {
            drainer.interrupt();
        }
        int left = queue.size();
        if (left > 0) {
            dropped.addAndGet(left);
            LOG.warn("alarm recorder closed with {} alarm(s) not recorded", left);
        }
    }

    private void drain() {
        while (true) {
            Pending next;
            try {
                next = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                store.record(next.alarm, nodeId, next.runId);
                recorded.incrementAndGet();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.error("recording alarm {} failed: {}", next.alarm.kind(), e.toString());
            }
        }
    }

    private record Pending(Alarm alarm, Long runId) {
    }
}
