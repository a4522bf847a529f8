package dev.autotransfer.bank;

/**
 * Why a transfer's outcome is unknown: the request may or may not have executed, and the engine
 * must find out (inquire, or re-send the same key) before it decides anything.
 *
 * <p>Immutable and thread-safe.
 */
public enum UnknownReason {
    /** No answer in time; the request may have executed. Never a rejection. */
    TIMEOUT,
    /** The bank has the request but has not finished it. */
    IN_PROGRESS,
    /**
     * The bank answered with a server error: any HTTP 5xx (503 included) or equivalent. The request may
     * have executed behind the gateway that answered, so this is never a rejection, not even
     * {@link RejectionCode#REFUSED_UNAVAILABLE}.
     */
    BANK_ERROR,
    /** The connection failed after the request may have been sent. */
    CONNECTION_RESET,
    /** The bank reports the client reference as already used (a bank without idempotency keys). */
    DUPLICATE_REFERENCE,
    /** The bank reports the key as already used with another body; the earlier request may have executed. */
    KEY_REUSED_WITH_OTHER_BODY,
    /** The adapter saw an answer it could not interpret, or threw. */
    UNEXPECTED
}
