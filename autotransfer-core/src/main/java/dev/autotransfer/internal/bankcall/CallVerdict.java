package dev.autotransfer.internal.bankcall;

/** What one answer of a bank means for its guards: the breaker counts successes and failures, backpressure all that were sent. */
public enum CallVerdict {
    /** The bank executed or knew the request. */
    SUCCESS,
    /** An unknown outcome or a system rejection: counts against the bank's circuit breaker. */
    FAILURE,
    /** A business answer (a refusal for the customer's reasons): neither success nor failure of the bank. */
    NEUTRAL,
    /** The bank refused the request unprocessed (its own quota): it was not sent. */
    NOT_SENT
}
