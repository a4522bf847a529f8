package dev.autotransfer.bank.sim;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A sleeper that holds every call spending latency until the test releases it, so a test can have a
 * known number of calls in flight at once without waiting on time. Thread-safe.
 */
final class HoldingSleeper implements Sleeper {

    private final Semaphore held = new Semaphore(0);
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void sleep(Duration duration) {
        held.release();
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a held call was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
    }

    /** Blocks until {@code calls} more calls are held in {@link #sleep}. */
    void awaitHeld(int calls) throws InterruptedException {
        if (!held.tryAcquire(calls, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(calls + " calls were expected to be held, " + held.availablePermits() + " are");
        }
    }

    /** Lets every held call, and every later one, go on. */
    void releaseAll() {
        release.countDown();
    }
}
