package dev.autotransfer.internal.protocol;

import dev.autotransfer.engine.RunReport;
import dev.autotransfer.spi.RunStore.NodeProgress;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one engine's work, by step, plus the progress not yet reported in a heartbeat. Thread-safe. */
public final class RunTally {

    final LongAdder claimed = new LongAdder();
    final LongAdder started = new LongAdder();
    final LongAdder resent = new LongAdder();
    final LongAdder inquired = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder unknown = new LongAdder();
    final LongAdder notSent = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder escalated = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final LongAdder fenced = new LongAdder();

    private final LongAdder processedSinceBeat = new LongAdder();
    private final LongAdder succeededSinceBeat = new LongAdder();
    private final LongAdder failedSinceBeat = new LongAdder();

    public void processed() {
        processedSinceBeat.increment();
    }

    public void succeeded() {
        succeeded.increment();
        succeededSinceBeat.increment();
    }

    public void failed() {
        failed.increment();
        failedSinceBeat.increment();
    }

    /** The progress since the last call, reset. */
    public NodeProgress drainProgress() {
        return new NodeProgress(processedSinceBeat.sumThenReset(), succeededSinceBeat.sumThenReset(),
                failedSinceBeat.sumThenReset());
    }

    /** Gives back progress a failed heartbeat could not report. */
    public void restore(NodeProgress progress) {
        processedSinceBeat.add(progress.processed());
        succeededSinceBeat.add(progress.succeeded());
        failedSinceBeat.add(progress.failed());
    }

    public RunReport snapshot(long runId) {
        return new RunReport(runId, claimed.sum(), started.sum(), resent.sum(), inquired.sum(), succeeded.sum(),
                failed.sum(), unknown.sum(), notSent.sum(), deadLettered.sum(), escalated.sum(), skipped.sum(),
                cancelled.sum(), fenced.sum());
    }

    public static RunReport minus(RunReport a, RunReport b) {
        return new RunReport(a.runId(), a.claimed() - b.claimed(), a.started() - b.started(), a.resent() - b.resent(),
                a.inquired() - b.inquired(), a.succeeded() - b.succeeded(), a.failed() - b.failed(),
                a.unknown() - b.unknown(), a.notSent() - b.notSent(), a.deadLettered() - b.deadLettered(),
                a.escalated() - b.escalated(), a.skipped() - b.skipped(), a.cancelled() - b.cancelled(),
                a.fenced() - b.fenced());
    }
}
