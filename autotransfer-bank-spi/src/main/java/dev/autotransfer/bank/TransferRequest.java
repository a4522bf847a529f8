package dev.autotransfer.bank;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One transfer the engine asks a bank to execute: an idempotency key, the two accounts, a positive
 * amount, a memo and the instant the request was created.
 *
 * <p>The idempotency key is 1 to 80 characters of {@code [A-Za-z0-9:_-]}, for example
 * {@code "123:2026-11-25:1"}. The memo is 0 to 100 characters (empty, never null). {@code createdAt}
 * is the instant the request was first built; a re-send replays it unchanged, and a bank refuses
 * a request older than its key retention ({@link RejectionCode#REQUEST_EXPIRED}).
 *
 * <p>Every validation error names the field and the bad value, with account numbers masked;
 * {@link #toString()} never shows a full account number.
 *
 * <p>Immutable and thread-safe.
 *
 * @param idempotencyKey the key the bank deduplicates on
 * @param source the account debited
 * @param destination the account credited; differs from {@code source}
 * @param amount the positive amount, in the accounts' currency
 * @param memo free text shown to the customer, 0 to 100 characters
 * @param createdAt when the request was created
 */
public record TransferRequest(
        String idempotencyKey,
        AccountRef source,
        AccountRef destination,
        Money amount,
        String memo,
        Instant createdAt) {

    /** The longest idempotency key a bank is asked to keep. */
    public static final int MAX_KEY_LENGTH = 80;
    /** The longest memo. */
    public static final int MAX_MEMO_LENGTH = 100;

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9:_-]{1," + MAX_KEY_LENGTH + "}");

    /** Validates every field. */
    public TransferRequest {
        requireValidKey(idempotencyKey);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(memo, "memo");
        Objects.requireNonNull(createdAt, "createdAt");
        if (source.equals(destination)) {
            throw new IllegalArgumentException("destination " + destination + " must differ from source " + source);
        }
        amount.requirePositive("amount");
        if (memo.length() > MAX_MEMO_LENGTH) {
            throw new IllegalArgumentException("memo '" + abbreviate(memo) + "' (length " + memo.length()
                    + ") must be at most " + MAX_MEMO_LENGTH + " characters");
        }
    }

    /**
     * Checks an idempotency key on its own, for {@link BankClient#inquire(String)}.
     *
     * @return the key
     * @throws IllegalArgumentException naming the key if it is not 1 to 80 characters of {@code [A-Za-z0-9:_-]}
     */
    public static String requireValidKey(String idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (!KEY.matcher(idempotencyKey).matches()) {
            throw new IllegalArgumentException("idempotencyKey '" + abbreviate(idempotencyKey) + "' (length "
                    + idempotencyKey.length() + ") must be 1 to " + MAX_KEY_LENGTH
                    + " characters of letters, digits, ':', '_' or '-'");
        }
        return idempotencyKey;
    }

    /**
     * Whether {@code other} asks for the same movement of money: same key, accounts, amount and memo.
     * {@code createdAt} is not compared, so a re-send whose creation instant was rebuilt is still
     * the same body; a bank answers a key reused with another body with
     * {@link UnknownReason#KEY_REUSED_WITH_OTHER_BODY}.
     */
    public boolean hasSameBodyAs(TransferRequest other) {
        return idempotencyKey.equals(other.idempotencyKey)
                && source.equals(other.source)
                && destination.equals(other.destination)
                && amount.equals(other.amount)
                && memo.equals(other.memo);
    }

    /** A copy with another creation instant, for tests and for banks that restamp requests. */
    public TransferRequest withCreatedAt(Instant newCreatedAt) {
        return new TransferRequest(idempotencyKey, source, destination, amount, memo, newCreatedAt);
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    /** The request with masked account numbers. */
    @Override
    public String toString() {
        return "TransferRequest[key=" + idempotencyKey + ", source=" + source + ", destination=" + destination
                + ", amount=" + amount + ", memo='" + memo + "', createdAt=" + createdAt + "]";
    }
}
