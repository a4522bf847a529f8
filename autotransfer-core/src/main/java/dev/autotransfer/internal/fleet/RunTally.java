package dev.autotransfer.internal.fleet;

import dev.autotransfer.event.RunReport;
import dev.autotransfer.spi.RunStore.NodeProgress;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one engine's work, by step, plus the progress not yet reported in a heartbeat. Thread-safe. */
public final class RunTally {

    public final LongAdder claimed = new LongAdder();
    public final LongAdder started = new LongAdder();
    public final LongAdder resent = new LongAdder();
    public final LongAdder inquired = new LongAdder();
    public final LongAdder succeeded = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder unknown = new LongAdder();
    public final LongAdder notSent = new LongAdder();
    public final LongAdder deadLettered = new LongAdder();
    public final LongAdder escalated = new LongAdder();
    public final LongAdder skipped = new LongAdder();
    public final LongAdder cancelled = new LongAdder();
    public final LongAdder fenced = new LongAdder();

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
