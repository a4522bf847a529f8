package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.UnknownReason;

/**
 * How a transfer fails when a simulated bank's system fails it (see
 * {@link SimulatedBankConfigBuilder#systemFailuresFrom}): each kind is one a circuit breaker must count.
 *
 * <p>Immutable and thread-safe.
 */
public enum SystemFailure {
    /**
     * Refused {@link RejectionCode#REFUSED_UNAVAILABLE} before any processing: the bank remembers the
     * refusal, so the key is closed and never executes. A key the bank already knows (or is processing)
     * answers {@code Unknown(BANK_ERROR)} instead, since a bank cannot refuse what it executed.
     */
    REFUSED_UNAVAILABLE,
    /**
     * Answered {@code Unknown(}{@link UnknownReason#BANK_ERROR}{@code )} without processing, as a gateway
     * failing in front of the bank: the key stays unknown to the bank, so a re-send may execute it.
     */
    BANK_ERROR_BEFORE_EXECUTING,
    /**
     * Processed (executed or refused), then answered {@code Unknown(BANK_ERROR)}, as a gateway failing
     * after the bank: an inquiry tells what the bank did.
     */
    BANK_ERROR_AFTER_EXECUTING
}
