package dev.autotransfer.examples;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Shows the batch's progress: on a terminal one plain-ASCII line redrawn with {@code \r}; otherwise
 * (output piped or captured, {@code System.console() == null}) a line every few seconds.
 *
 * <p>Not thread-safe; call from the one thread that waits for the batch.
 */
final class BatchProgress {

    private static final int WIDTH = 30;
    private static final long LINE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintStream out;
    private final boolean terminal;
    private final BatchTally tally;
    private final long startNanos = System.nanoTime();
    private long lastLineNanos = startNanos;
    private int lastLength;

    BatchProgress(PrintStream out, boolean terminal, BatchTally tally) {
        this.out = out;
        this.terminal = terminal;
        this.tally = tally;
    }

    /** Redraws the bar, or prints a line if the last one is old enough. */
    void update() {
        long now = System.nanoTime();
        if (terminal) {
            String line = line(now);
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            out.flush();
            lastLength = line.length();
        } else if (now - lastLineNanos >= LINE_EVERY_NANOS) {
            out.println("progress: " + line(now));
            lastLineNanos = now;
        }
    }

    /** Draws the final state and ends the line. */
    void finish() {
        if (terminal) {
            update();
            out.println();
        } else {
            out.println("progress: " + line(System.nanoTime()));
        }
    }

    private String line(long now) {
        int total = tally.total();
        int done = tally.finished();
        int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
        int percent = total == 0 ? 100 : (int) ((long) done * 100 / total);
        return String.format("[%s%s] %3d%% %,d/%,d finished | %,d refused, %,d unknown answers | %.1f s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), percent, done, total, tally.failedAnswers(),
                tally.unknownAnswers(), (now - startNanos) / 1e9);
    }
}
