package dev.autotransfer.examples;

import dev.autotransfer.domain.Priority;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.jdbc.AutoTransferDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the engine over the batch until every open occurrence of today reached its end (or a time limit
 * passed), feeding the progress display, and collects the alarms the engine raised.
 *
 * <p>Not thread-safe; {@link #run} blocks the calling thread. The engine's own threads call the listeners.
 */
final class BatchRun {

    /**
     * Demo-sized settings: short backoffs, three tries, a breaker that opens after ten failures in
     * twenty calls and waits longer than the outage lasts, so its trial calls find the bank back.
     */
    static final EngineConfig CONFIG = EngineConfig.builder()
            .workerThreads(6)
            .chunkSize(10)
            .bankTimeLimit(Duration.ofSeconds(1))
            .circuitBreaker(50, 20, BatchBanks.OUTAGE_LENGTH.plusSeconds(1))
            .retryLimit(Priority.P0, 3).retryLimit(Priority.P1, 3).retryLimit(Priority.P2, 3)
            .retryBackoff(Duration.ofMillis(500), Duration.ofSeconds(2))
            .inquiryBackoff(Duration.ofMillis(500), Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(200))
            // the demo's banks time out and go down on purpose, far above the rollout's 5% stop
            // (docs/rollout.md): here every failure is handled, not a reason to stop the run
            .rollout(RolloutPolicy.disabled())
            .build();

    private final Map<String, LongAdder> alarms = new ConcurrentHashMap<>();
    private final Duration timeLimit;

    BatchRun(Duration timeLimit) {
        this.timeLimit = timeLimit;
    }

    /** Runs the engine until the tally says every occurrence finished; false if the time limit passed first. */
    boolean run(AutoTransferDatabase database, BatchBanks banks, BatchTally tally, BatchProgress progress) {
        EngineListener alarmsByKind = new EngineListener() {
            @Override
            public void alarm(Alarm alarm) {
                String what = alarm.kind() + (alarm.bankCode() == null ? "" : " (" + alarm.bankCode() + ")");
                alarms.computeIfAbsent(what, k -> new LongAdder()).increment();
            }
        };
        if (tally.total() == 0) {
            return true;
        }
        long deadline = System.nanoTime() + timeLimit.toNanos();
        boolean done = false;
        try (AutoTransferEngine engine = database.engine(banks.directory())
                .config(CONFIG).nodeId("payservice-example").listener(EngineListener.both(tally, alarmsByKind))
                .build()) {
            engine.start();
            while (!done && System.nanoTime() < deadline) {
                progress.update();
                done = tally.awaitAll(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progress.finish();
        return done;
    }

    /** The alarms raised during the run, "KIND (bank)" to how often. */
    Map<String, Long> alarms() {
        Map<String, Long> copy = new TreeMap<>();
        alarms.forEach((what, count) -> copy.put(what, count.sum()));
        return copy;
    }
}
