package dev.autotransfer.internal.bankcall;

/**
 * The exact count of this node's requests to one bank over a sliding window, checked at the last
 * moment before each request leaves: at most {@code capacity} requests in any window of
 * {@code windowNanos}. The rate limiter in front of it paces the requests evenly; this window is
 * what makes the count hold whatever happened between permit and send (a thread that was paused
 * with a permit, a cycle's burst, a share that changed). It keeps the send instants of the
 * requests still within the window, in an array that grows only as far as they need.
 *
 * <p>A smaller capacity holds at once over the requests already sent: nothing more leaves until the
 * window holds fewer than the new capacity. Thread-safe (synchronized).
 */
final class ExactRateWindow {

    private final long windowNanos;
    private int capacity;
    /** The sends still within the window, oldest at {@code head}; grows as needed, up to the capacity. */
    private long[] sent = new long[16];
    private int head;
    private int count;
    /** Nothing leaves before this instant (a filled window); meaningful while {@code blocked}. */
    private long blockedUntil;
    private boolean blocked;

    /**
     * @param capacity requests allowed in any window, at least 0
     * @param windowNanos the window's length, above 0
     */
    ExactRateWindow(int capacity, long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("windowNanos must be above 0, was " + windowNanos);
        }
        this.windowNanos = windowNanos;
        this.capacity = checked(capacity);
    }

    /**
     * Counts a request leaving at {@code now} if the window has room for it.
     *
     * @return 0 when it was counted and may leave; otherwise how many nanoseconds until the oldest
     *     counted request leaves the window (always more than 0); {@link Long#MAX_VALUE} with a
     *     capacity of 0
     */
    synchronized long tryEnter(long now) {
        if (capacity == 0) {
            return Long.MAX_VALUE;
        }
        if (blocked) {
            if (blockedUntil - now > 0) {
                return blockedUntil - now;
            }
            blocked = false;
        }
        while (count > 0 && sent[head] - (now - windowNanos) <= 0) {
            head = (head + 1) % sent.length;
            count--;
        }
        if (count >= capacity) {
            return sent[head] + windowNanos - now;
        }
        if (count == sent.length) {
            grow();
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
        this.capacity = checked(capacity);
        while (count > this.capacity) {
            head = (head + 1) % sent.length;
            count--;
        }
    }

    /**
     * Counts the window as full at {@code now}: nothing leaves for one window length (a node that
     * just joined, while the others' requests under the old share are still within the window).
     */
    synchronized void fill(long now) {
        blocked = true;
        blockedUntil = now + windowNanos;
    }

    /** The capacity: requests allowed in any window. */
    synchronized int capacity() {
        return capacity;
    }

    private void grow() {
        long[] grown = new long[(int) Math.min(Math.max(16, (long) sent.length * 2), Math.max(capacity, 16))];
        for (int i = 0; i < count; i++) {
            grown[i] = sent[(head + i) % sent.length];
        }
        sent = grown;
        head = 0;
    }

    private static int checked(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be at least 0, was " + capacity);
        }
        return capacity;
    }
}
