package dev.autotransfer.simulation;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Hands the right to run between the simulation's controller and its engines, one at a time, so that
 * a scenario on H2 runs the same way every time its seed is replayed: an engine runs only between
 * {@link #turn(Slot)} and its next {@link #pause(Slot)} (each store or bank call, each end of a pass),
 * and the controller runs only while every engine is paused. Every pause point is a method boundary of
 * the transfer store, where no transaction is open, so a paused engine holds no database lock.
 *
 * <p>With {@code deterministic} false (the server databases' real-thread runs) pauses do nothing and
 * engines run freely. Thread-safe.
 */
final class Baton {

    private static final long STUCK_SECONDS = 60;

    private final boolean deterministic;
    private final Semaphore controller = new Semaphore(0);

    Baton(boolean deterministic) {
        this.deterministic = deterministic;
    }

    boolean deterministic() {
        return deterministic;
    }

    /** One engine's place in the hand-over. */
    static final class Slot {
        private final Semaphore go = new Semaphore(0);
        volatile boolean finished;
    }

    /** Called by an engine's thread: give the baton back and wait for the next turn. */
    void pause(Slot slot) {
        if (!deterministic) {
            return;
        }
        controller.release();
        slot.go.acquireUninterruptibly();
    }

    /** Called by an engine's driver before its first pass: wait for the first turn. */
    void awaitFirstTurn(Slot slot) {
        if (deterministic) {
            slot.go.acquireUninterruptibly();
        }
    }

    /** Called by an engine's driver as it ends: give the baton back for good. */
    void finish(Slot slot) {
        slot.finished = true;
        if (deterministic) {
            controller.release();
        }
    }

    /**
     * Called by the controller: lets the engine run until its next pause.
     *
     * @return false if the engine had finished
     * @throws IllegalStateException if the engine did not pause within a minute (a deadlock)
     */
    boolean turn(Slot slot) {
        if (slot.finished) {
            return false;
        }
        slot.go.release();
        try {
            if (!controller.tryAcquire(STUCK_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("an engine did not pause within " + STUCK_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return !slot.finished;
    }
}
