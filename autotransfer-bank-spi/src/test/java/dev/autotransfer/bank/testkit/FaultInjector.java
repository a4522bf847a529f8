package dev.autotransfer.bank.testkit;

/**
 * How a contract test breaks the path between the client under test and the integrator's sandbox bank.
 *
 * <p>Each {@code ...NextCall...} method arms a fault for the next {@code transfer} call of the client
 * under test. Implementations may be a proxy in front of the sandbox, a switch in a fake server, or
 * the simulated bank's own scripted faults. The tests call these from the test thread only.
 */
public interface FaultInjector {

    /** The next transfer executes at the bank, but its answer is lost: the client must answer Unknown. */
    void timeOutNextCallAfterExecuting();

    /**
     * The next transfer executes at the bank, then the path answers with a server error (an HTTP 503
     * from a gateway or load balancer in front of the bank, or any 5xx): the client must answer
     * {@code Unknown} (normally {@code BANK_ERROR}), never a refusal that closes the key, and inquiry
     * must report the execution.
     */
    void answerNextCallWithServerErrorAfterExecuting();

    /** The next transfer never reaches the bank (lost for good): the client must answer Unknown. */
    void timeOutNextCallBeforeExecuting();

    /**
     * The next transfer times out without reaching the bank (the client answers Unknown) and reaches it
     * only when {@link #deliverLateRequests()} is called.
     */
    void delayNextCallUntilLateDelivery();

    /** Lets every delayed request reach the bank now, and returns once the bank has processed them. */
    void deliverLateRequests();
}
