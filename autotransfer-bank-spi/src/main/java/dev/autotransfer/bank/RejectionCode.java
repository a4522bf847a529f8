package dev.autotransfer.bank;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a bank refused a transfer: a short code and the {@link Kind} that tells the engine what the
 * refusal means for the key, the customer and the circuit breaker.
 *
 * <p>The constants cover what every bank says; an adapter may define its own codes (1 to 64
 * characters of {@code [A-Z0-9_]}) with {@link #of(String, Kind)}. Two codes are equal when code and
 * kind are equal.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code the code, for example {@code "INSUFFICIENT_FUNDS"}
 * @param kind what the refusal means
 */
public record RejectionCode(String code, Kind kind) {

    /** What a refusal means. */
    public enum Kind {
        /**
         * The customer's problem (funds, a closed or invalid account, a limit): the key is closed and
         * never executes; it must not trip a circuit breaker.
         */
        BUSINESS,
        /**
         * The bank's problem, refused <em>before any processing</em> with the bank's guarantee that this
         * key never executes (for example {@link RejectionCode#REFUSED_UNAVAILABLE}): the key is closed
         * and it counts against the bank's circuit breaker.
         *
         * <p>Because it closes the key, and the engine then opens a new key for the same occurrence, a
         * SYSTEM code is only for an answer the bank documents as "refused, not processed, never will
         * be". An HTTP 5xx (502, 503, 504 included), a gateway or load-balancer error page, a connection
         * reset or any answer that could have come after the backend executed is
         * {@link TransferOutcome.Unknown} with {@link UnknownReason#BANK_ERROR} (or
         * {@link UnknownReason#CONNECTION_RESET}), never a SYSTEM refusal: mapping it here can debit an
         * occurrence twice.
         */
        SYSTEM,
        /**
         * Refused before any processing, for example by the bank's request quota: this send counts as
         * not sent and says nothing about earlier sends of the key, which stays open.
         */
        NOT_SENT,
        /**
         * The request is older than the bank's key retention: this send did not execute, but the bank
         * may have executed an earlier send and forgotten the key, so the key's fate is unknown.
         */
        EXPIRED;

        /** Whether the bank promises the key will never execute (BUSINESS and SYSTEM). */
        public boolean closesKey() {
            return this == BUSINESS || this == SYSTEM;
        }

        /** Whether the refusal counts against the bank's circuit breaker (SYSTEM only). */
        public boolean tripsCircuitBreaker() {
            return this == SYSTEM;
        }
    }

    private static final Pattern CODE = Pattern.compile("[A-Z0-9_]{1,64}");

    /** The source account lacks the funds; retrying may help once funds arrive. */
    public static final RejectionCode INSUFFICIENT_FUNDS = new RejectionCode("INSUFFICIENT_FUNDS", Kind.BUSINESS);
    /** An account of the transfer is closed. */
    public static final RejectionCode ACCOUNT_CLOSED = new RejectionCode("ACCOUNT_CLOSED", Kind.BUSINESS);
    /** An account of the transfer does not exist or is not valid for this transfer. */
    public static final RejectionCode INVALID_ACCOUNT = new RejectionCode("INVALID_ACCOUNT", Kind.BUSINESS);
    /** A daily, monthly or per-transfer limit is exceeded. */
    public static final RejectionCode LIMIT_EXCEEDED = new RejectionCode("LIMIT_EXCEEDED", Kind.BUSINESS);
    /**
     * The bank refused the transfer because it is unavailable, <em>and guarantees it refused before any
     * processing</em>: the key is closed and never executes (a {@link Kind#SYSTEM SYSTEM} code).
     *
     * <p>Use it only for a refusal the bank's own protocol defines as "not processed, never will be",
     * for example a documented maintenance-window error code in a well-formed answer body. <b>Never map
     * an HTTP 503 (or any 5xx) to it</b>: a 503 may come from a gateway or load balancer after the
     * backend executed the debit, and closing the key would make the engine send the occurrence again
     * under a new key. An HTTP 5xx is {@code new TransferOutcome.Unknown(UnknownReason.BANK_ERROR, ...)}.
     * (This constant was called {@code SERVICE_UNAVAILABLE}, a name too easily mistaken for HTTP 503.)
     */
    public static final RejectionCode REFUSED_UNAVAILABLE = new RejectionCode("REFUSED_UNAVAILABLE", Kind.SYSTEM);
    /** The bank's request quota was exceeded; the request was not processed. */
    public static final RejectionCode RATE_LIMITED = new RejectionCode("RATE_LIMITED", Kind.NOT_SENT);
    /** The request is older than the bank's key retention. */
    public static final RejectionCode REQUEST_EXPIRED = new RejectionCode("REQUEST_EXPIRED", Kind.EXPIRED);

    /** Validates the code. */
    public RejectionCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code '" + code + "' must be 1 to 64 characters of A-Z, 0-9 or '_'");
        }
    }

    /** An adapter's own code, for example {@code of("DAILY_LIMIT", Kind.BUSINESS)}. */
    public static RejectionCode of(String code, Kind kind) {
        return new RejectionCode(code, kind);
    }

    /** {@code CODE(KIND)}. */
    @Override
    public String toString() {
        return code + "(" + kind + ")";
    }
}
