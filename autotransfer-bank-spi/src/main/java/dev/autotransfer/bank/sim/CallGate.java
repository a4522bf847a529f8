package dev.autotransfer.bank.sim;

/**
 * Counts one bank's calls in flight (transfers and inquiries, from arrival until their answer leaves,
 * latency included), refuses a call arriving while the configured limit is in flight, and records the
 * highest number in flight. Thread-safe (synchronized): transfers enter it on arrival, before they
 * queue for the bank's lock.
 */
final class CallGate {

    private int inFlight;
    private int maxInFlight;

    /**
     * Lets a call in unless {@code limit} calls are in flight; a call let in must {@link #leave()}.
     *
     * @param limit the most calls in flight, or 0 for no limit
     * @return whether the call was let in
     */
    synchronized boolean enter(int limit) {
        if (limit > 0 && inFlight >= limit) {
            return false;
        }
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return true;
    }

    /** A call let in has answered. */
    synchronized void leave() {
        if (inFlight == 0) {
            throw new IllegalStateException("no call in flight to leave");
        }
        inFlight--;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int maxInFlight() {
        return maxInFlight;
    }
}
