package dev.autotransfer.config;

import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import java.util.Objects;
import java.util.Optional;

/**
 * The classes of a bank's answer to a transfer send that a {@link RolloutPolicy} may count as
 * failures when it judges a run's failure rate.
 *
 * <p>Every answered send counts as one outcome: a success, or one of these classes. A send that
 * never reached the bank (rate limited, pool full, circuit open, or a {@link RejectionCode.Kind#NOT_SENT}
 * refusal) is no outcome at all, and neither is an inquiry: it resolves a send already counted.
 *
 * <p>Immutable and thread-safe.
 */
public enum OutcomeClass {
    /**
     * No definitive answer: a timeout, a connection reset, a bank error (HTTP 5xx), an answer that
     * did not match the request, or a refusal as older than the bank's key retention.
     */
    UNKNOWN,
    /** The bank refused for its own reasons before processing ({@link RejectionCode.Kind#SYSTEM}). */
    SYSTEM_REJECTION,
    /** The customer's problem: insufficient funds, a closed or invalid account, a limit ({@link RejectionCode.Kind#BUSINESS}). */
    BUSINESS_REJECTION;

    /**
     * The class of an answer; empty for a success and for a refusal that means "not sent".
     *
     * @param outcome the bank's answer to a send
     */
    public static Optional<OutcomeClass> of(TransferOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome instanceof TransferOutcome.Accepted) {
            return Optional.empty();
        }
        if (outcome instanceof TransferOutcome.Rejected rejected) {
            return switch (rejected.code().kind()) {
                case BUSINESS -> Optional.of(BUSINESS_REJECTION);
                case SYSTEM -> Optional.of(SYSTEM_REJECTION);
                case EXPIRED -> Optional.of(UNKNOWN);
                case NOT_SENT -> Optional.empty();
            };
        }
        return Optional.of(UNKNOWN);
    }

    /** Whether the answer was a send the bank received and answered, so it counts as an outcome. */
    public static boolean counts(TransferOutcome outcome) {
        return !(outcome instanceof TransferOutcome.Rejected rejected
                && rejected.code().kind() == RejectionCode.Kind.NOT_SENT);
    }
}
