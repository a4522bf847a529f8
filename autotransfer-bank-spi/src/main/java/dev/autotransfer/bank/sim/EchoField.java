package dev.autotransfer.bank.sim;

/**
 * A field of an accepted answer's echo that the wrong-echo fault can corrupt; each is one of the
 * fields the engine's echo check ({@code TransferOutcome.Accepted#echoMismatches}) compares.
 */
public enum EchoField {
    /** The echoed key loses its last character, as a bank that truncates references would answer. */
    IDEMPOTENCY_KEY,
    /** The echoed source account number differs in its last character. */
    SOURCE,
    /** The echoed destination account number differs in its last character. */
    DESTINATION,
    /** The echoed amount is one minor unit off. */
    AMOUNT,
    /** The echoed amount has the same minor units in another currency. */
    CURRENCY
}
