package dev.autotransfer.internal;

import java.util.Arrays;

/**
 * The exact count of this node's requests to one bank over a sliding window, checked at the last
 * moment before each request leaves: at most {@code capacity} requests in any window of
 * {@code windowNanos}. The rate limiter in front of it paces the requests evenly; this window is
 * what makes the count hold whatever happened between permit and send (a thread that was paused
 * with a permit, a cycle's burst, a share that changed). It keeps the send instants of the last
 * {@code capacity} requests.
 *
 * <p>A smaller capacity holds at once over the requests already sent: nothing more leaves until the
 * window holds fewer than the new capacity. Thread-safe (synchronized).
 */
final class SendWindow {

    private final long windowNanos;
    /** The last sends, oldest at {@code head} once full; the ring's length is the capacity. */
    private long[] sent;
    private int head;
    private int count;

    /**
     * @param capacity requests allowed in any window, at least 0
     * @param windowNanos the window's length, above 0
     */
    SendWindow(int capacity, long windowNanos) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be at least 0, was " + capacity);
        }
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("windowNanos must be above 0, was " + windowNanos);
        }
        this.windowNanos = windowNanos;
        this.sent = new long[capacity];
    }

    /**
     * Counts a request leaving at {@code now} if the window has room for it.
     *
     * @return 0 when it was counted and may leave; otherwise how many nanoseconds until the oldest
     *     counted request leaves the window (always more than 0); {@link Long#MAX_VALUE} with a
     *     capacity of 0
     */
    synchronized long tryEnter(long now) {
        if (sent.length == 0) {
            return Long.MAX_VALUE;
        }
        if (count == sent.length) {
            long wait = sent[head] + windowNanos - now;
            if (wait > 0) {
                return wait;
            }
            sent[head] = now;
            head = (head + 1) % sent.length;
            return 0;
        }
        sent[(head + count) % sent.length] = now;
        count++;
        return 0;
    }

    /**
     * Changes the capacity, keeping the newest sends; a smaller one holds over them at once.
     *
     * @param capacity requests allowed in any window, at least 0
     */
    synchronized void resize(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be at least 0, was " + capacity);
        }
        if (capacity == sent.length) {
            return;
        }
        long[] ordered = new long[count];
        for (int i = 0; i < count; i++) {
            ordered[i] = sent[(head + i) % sent.length];
        }
        int kept = Math.min(count, capacity);
        long[] resized = new long[capacity];
        System.arraycopy(ordered, count - kept, resized, 0, kept);
        sent = resized;
        head = 0;
        count = kept;
    }

    /**
     * Counts the window as full at {@code now}: nothing leaves for one window length (a node that
     * just joined, while the others' requests under the old share are still within the window).
     */
    synchronized void fill(long now) {
        Arrays.fill(sent, now);
        head = 0;
        count = sent.length;
    }

    /** The capacity: requests allowed in any window. */
    synchronized int capacity() {
        return sent.length;
    }
}
