package dev.autotransfer.bank.sim;

/**
 * A fault forced on the next transfer call that reaches a simulated bank's processing (past its
 * quota and outage checks), queued with {@link SimulatedBank#scriptNextTransfer(String, ScriptedFault)}.
 *
 * <p>Scripted faults are used in order, one per call, before any probabilistic fault is drawn.
 */
public enum ScriptedFault {
    /** The request is lost: answers {@code Unknown(TIMEOUT)} and never executes. */
    TIMEOUT_BEFORE_EXECUTING,
    /** The request executes (or is refused) but the answer is lost: answers {@code Unknown(TIMEOUT)}. */
    TIMEOUT_AFTER_EXECUTING,
    /**
     * The request times out in transit ({@code Unknown(TIMEOUT)}) and is held until
     * {@link SimulatedBank#deliverAllLateRequests()}; until then the bank does not know the key.
     */
    LATE_ARRIVAL,
    /**
     * Like {@link #LATE_ARRIVAL}, but the bank acknowledges the queued request: until it is delivered,
     * re-sends answer {@code Unknown(IN_PROGRESS)} and inquiries {@code InProgress}.
     */
    LATE_ARRIVAL_IN_PROGRESS,
    /** The request is processed twice internally; idempotency must make it execute once. */
    DUPLICATE_DELIVERY,
    /**
     * The request executes (or is refused), then a gateway in front of the bank answers HTTP 503: the
     * client gets {@code Unknown(BANK_ERROR)}, never a refusal, and inquiry reports what the bank did.
     */
    SERVER_ERROR_AFTER_EXECUTING
}
