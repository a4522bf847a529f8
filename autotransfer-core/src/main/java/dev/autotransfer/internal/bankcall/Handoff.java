package dev.autotransfer.internal.bankcall;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request's way from the caller's thread through a bank's pool to the bank: on the pool's
 * thread it waits for room in the send window and leaves, unless the caller gave up on it first;
 * the caller learns whether and when it left. Exactly one of the two decides: a request the caller
 * gave up on never leaves, so it was not sent. Thread-safe; used once.
 */
final class Handoff {

    private static final int WAITING = 0;
    private static final int LEFT = 1;
    private static final int HELD = 2;
    private static final int ABANDONED = 3;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile long leftAt;

    /**
     * On the pool's thread: counts the request in {@code window}, waiting up to {@code waitNanos}
     * for room, then lets it leave unless the caller gave up on it.
     *
     * @return whether the request may be sent now
     */
    boolean leave(ExactRateWindow window, long waitNanos) {
        try {
            if (awaitRoom(window, waitNanos) && state.compareAndSet(WAITING, LEFT)) {
                leftAt = System.nanoTime();
                return true;
            }
            state.compareAndSet(WAITING, HELD);
            return false;
        } finally {
            decided.countDown();
        }
    }

    /**
     * On the caller's thread: waits until the request left or was held, at most {@code maxNanos},
     * and gives up on it past that (or when interrupted, keeping the interrupt).
     *
     * @return whether the request left: only then may it have reached the bank
     */
    boolean awaitLeft(long maxNanos) {
        try {
            if (decided.await(maxNanos, TimeUnit.NANOSECONDS)) {
                return state.get() == LEFT;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !state.compareAndSet(WAITING, ABANDONED) && state.get() == LEFT;
    }

    /** When the request left, by {@link System#nanoTime()}; only after {@link #awaitLeft} said it did. */
    long leftAt() {
        return leftAt;
    }

    private boolean awaitRoom(ExactRateWindow window, long waitNanos) {
        long deadline = System.nanoTime() + waitNanos;
        while (state.get() == WAITING) {
            long now = System.nanoTime();
            long wait = window.tryEnter(now);
            if (wait == 0) {
                return true;
            }
            if (wait > deadline - now) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
