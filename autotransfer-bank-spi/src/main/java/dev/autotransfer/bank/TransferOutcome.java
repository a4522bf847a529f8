package dev.autotransfer.bank;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a bank answered to one {@link BankClient#transfer(TransferRequest) transfer} call: accepted,
 * rejected, or unknown.
 *
 * <p>Only the bank's own word is definitive: an {@link Accepted} (after the engine checked its echo)
 * or a {@link Rejected} whose code {@linkplain RejectionCode.Kind#closesKey() closes the key}. An
 * {@link Unknown} means the request may have executed.
 *
 * <p>All implementations are immutable, thread-safe records.
 */
public sealed interface TransferOutcome permits TransferOutcome.Accepted, TransferOutcome.Rejected, TransferOutcome.Unknown {

    /**
     * The bank executed the transfer; it returns its own transaction id and echoes what it executed.
     *
     * <p>The echo is what the bank says it did, not a copy of the request: the engine compares it with
     * {@link #echoMismatches(TransferRequest)} and treats any difference as unknown, never as success.
     *
     * @param externalTransactionId the bank's id for the executed transaction, non-blank
     * @param idempotencyKey the key or client reference the bank echoes
     * @param source the debited account the bank echoes
     * @param destination the credited account the bank echoes
     * @param amount the amount and currency the bank echoes
     */
    record Accepted(String externalTransactionId, String idempotencyKey, AccountRef source, AccountRef destination,
            Money amount) implements TransferOutcome {

        /** Validates that every echoed field is present. */
        public Accepted {
            Objects.requireNonNull(externalTransactionId, "externalTransactionId");
            if (externalTransactionId.isBlank()) {
                throw new IllegalArgumentException("externalTransactionId '" + externalTransactionId + "' must not be blank");
            }
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(amount, "amount");
        }

        /** An accepted answer echoing the request exactly, for adapters and simulations. */
        public static Accepted echoing(TransferRequest request, String externalTransactionId) {
            return new Accepted(externalTransactionId, request.idempotencyKey(), request.source(),
                    request.destination(), request.amount());
        }

        /**
         * Names each field whose echo differs from the request, with both values (accounts masked).
         *
         * @return an empty list when the echo matches; otherwise entries like
         *     {@code "amount: sent 10000 KRW, echoed 10001 KRW"}
         */
        public List<String> echoMismatches(TransferRequest request) {
            List<String> mismatches = new ArrayList<>(4);
            compare(mismatches, "idempotencyKey", request.idempotencyKey(), idempotencyKey);
            compare(mismatches, "source", request.source(), source);
            compare(mismatches, "destination", request.destination(), destination);
            if (!request.amount().currency().equals(amount.currency())) {
                mismatches.add("currency: sent " + request.amount().currency() + ", echoed " + amount.currency());
            } else if (request.amount().minorUnits() != amount.minorUnits()) {
                mismatches.add("amount: sent " + request.amount() + ", echoed " + amount);
            }
            return List.copyOf(mismatches);
        }

        /** Whether the echo matches the request in every field. */
        public boolean echoes(TransferRequest request) {
            return echoMismatches(request).isEmpty();
        }

        private static void compare(List<String> out, String field, Object sent, Object echoed) {
            if (!sent.equals(echoed)) {
                out.add(field + ": sent " + sent + ", echoed " + echoed);
            }
        }
    }

    /**
     * The bank refused the transfer.
     *
     * <p>Whether the key is closed depends on the code's {@link RejectionCode#kind() kind}: a BUSINESS or
     * SYSTEM refusal is the bank's promise that the key never executes; NOT_SENT and EXPIRED speak only
     * of this send.
     *
     * @param code why
     * @param retryable whether a later attempt (a new key, after backoff) can ever succeed, for
     *     example true for insufficient funds or an outage, false for a closed account
     * @param message the bank's text, for people; never contains a full account number
     */
    record Rejected(RejectionCode code, boolean retryable, String message) implements TransferOutcome {

        /** Validates the fields. */
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** Whether the bank promises the key never executes. */
        public boolean closesKey() {
            return code.kind().closesKey();
        }
    }

    /**
     * The outcome is not known: the request may have executed. The engine records it as unknown
     * and inquires or re-sends the same key; it never treats this as a failure.
     *
     * @param reason why the outcome is unknown
     * @param detail text for people; never contains a full account number
     */
    record Unknown(UnknownReason reason, String detail) implements TransferOutcome {

        /** Validates the fields. */
        public Unknown {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
