package dev.autotransfer.bank;

import java.util.Objects;

/**
 * What a bank says about an idempotency key when asked with {@link BankClient#inquire(String)}.
 *
 * <p>Only {@link Executed} and {@link Rejected} are definitive. {@link NotFound} is not: the bank does
 * not know the key <em>yet</em>, and a request in transit may still arrive and execute, so the engine
 * re-sends the same key (while the bank still keeps keys) instead of concluding anything.
 *
 * <p>All implementations are immutable, thread-safe records.
 */
public sealed interface InquiryResult permits InquiryResult.Executed, InquiryResult.Rejected,
        InquiryResult.InProgress, InquiryResult.NotFound, InquiryResult.Unavailable {

    /** Whether this answer settles the key for good. */
    default boolean isDefinitive() {
        return this instanceof Executed || this instanceof Rejected;
    }

    /**
     * The key executed; {@code answer} is the bank's original accepted answer, echo included.
     *
     * @param answer the original answer
     */
    record Executed(TransferOutcome.Accepted answer) implements InquiryResult {
        /** Validates the answer. */
        public Executed {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * The key was definitively refused and will never execute.
     *
     * @param answer the original refusal, whose code {@linkplain RejectionCode.Kind#closesKey() closes the key}
     */
    record Rejected(TransferOutcome.Rejected answer) implements InquiryResult {
        /** Validates that the refusal closes the key. */
        public Rejected {
            Objects.requireNonNull(answer, "answer");
            if (!answer.closesKey()) {
                throw new IllegalArgumentException("answer code " + answer.code()
                        + " does not close a key; an inquiry can only report BUSINESS or SYSTEM refusals");
            }
        }
    }

    /** The bank has the request and has not finished it; ask again later. */
    record InProgress() implements InquiryResult {
    }

    /** The bank does not know the key now; not definitive, the request may still arrive late. */
    record NotFound() implements InquiryResult {
    }

    /**
     * The bank could not be asked (outage, timeout, error); nothing is known.
     *
     * @param reason text for people
     */
    record Unavailable(String reason) implements InquiryResult {
        /** Validates the reason. */
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
