package dev.autotransfer.examples;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * When the bank executed a benchmark's transfers, by its own record: the total time from the start,
 * the rate over the steady part (between the executions at 10% and at 90%, so the ramp-up and the
 * tail do not count) and the count of each second.
 *
 * <p>Immutable and thread-safe.
 */
final class ExecutionTimeline {

    private static final double STEADY_FROM = 0.10;
    private static final double STEADY_TO = 0.90;

    private final Instant start;
    private final long[] offsetsNanos;

    private ExecutionTimeline(Instant start, long[] offsetsNanos) {
        this.start = start;
        this.offsetsNanos = offsetsNanos;
    }

    /** The executions at {@code executedAt}, measured from {@code start}. */
    static ExecutionTimeline of(Instant start, List<Instant> executedAt) {
        long[] offsets = executedAt.stream().mapToLong(at -> Duration.between(start, at).toNanos()).toArray();
        Arrays.sort(offsets);
        return new ExecutionTimeline(start, offsets);
    }

    int count() {
        return offsetsNanos.length;
    }

    /** Seconds from the start to the last execution; 0 for none. */
    double totalSeconds() {
        return offsetsNanos.length == 0 ? 0 : offsetsNanos[offsetsNanos.length - 1] / 1e9;
    }

    /** Seconds from the start to the first execution; 0 for none. */
    double firstSeconds() {
        return offsetsNanos.length == 0 ? 0 : offsetsNanos[0] / 1e9;
    }

    /** Executions per second between the executions at 10% and 90%; 0 when too few to tell. */
    double steadyPerSecond() {
        int from = (int) (offsetsNanos.length * STEADY_FROM);
        int to = (int) (offsetsNanos.length * STEADY_TO) - 1;
        if (to <= from) {
            return 0;
        }
        double seconds = (offsetsNanos[to] - offsetsNanos[from]) / 1e9;
        return seconds <= 0 ? 0 : (to - from) / seconds;
    }

    /** The executions in each whole second from the start, comma-separated. */
    String perSecond() {
        if (offsetsNanos.length == 0) {
            return "";
        }
        int[] counts = new int[(int) (offsetsNanos[offsetsNanos.length - 1] / 1_000_000_000L) + 1];
        for (long offset : offsetsNanos) {
            counts[(int) Math.max(0, offset / 1_000_000_000L)]++;
        }
        StringJoiner joined = new StringJoiner(",");
        for (int c : counts) {
            joined.add(Integer.toString(c));
        }
        return joined.toString();
    }

    Instant start() {
        return start;
    }
}
