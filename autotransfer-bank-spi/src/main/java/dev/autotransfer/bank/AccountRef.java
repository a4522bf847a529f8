package dev.autotransfer.bank;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An account at a bank: the bank's code and the account number.
 *
 * <p>The bank code is 2 to 16 characters of upper-case letters, digits, '-' or '_' (for example
 * {@code "004"} or {@code "KB"}); the account number is 4 to 34 digits, letters or '-' (34 is the
 * IBAN maximum). {@link #toString()} masks the number to its last four characters, so an
 * {@code AccountRef} may be logged; {@link #accountNumber()} is the full number, for the bank call
 * only.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bankCode the bank's code
 * @param accountNumber the full account number
 */
public record AccountRef(String bankCode, String accountNumber) {

    private static final Pattern BANK_CODE = Pattern.compile("[A-Z0-9_-]{2,16}");
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[A-Za-z0-9-]{4,34}");

    /** Validates both parts. */
    public AccountRef {
        Objects.requireNonNull(bankCode, "bankCode");
        Objects.requireNonNull(accountNumber, "accountNumber");
        if (!BANK_CODE.matcher(bankCode).matches()) {
            throw new IllegalArgumentException(
                    "bankCode '" + bankCode + "' must be 2 to 16 upper-case letters, digits, '-' or '_'");
        }
        if (!ACCOUNT_NUMBER.matcher(accountNumber).matches()) {
            throw new IllegalArgumentException("accountNumber " + mask(accountNumber)
                    + " (length " + accountNumber.length() + ") must be 4 to 34 letters, digits or '-'");
        }
    }

    /** Shorthand for the constructor. */
    public static AccountRef of(String bankCode, String accountNumber) {
        return new AccountRef(bankCode, accountNumber);
    }

    /** The account number with all but its last four characters replaced by '*'. */
    public String maskedNumber() {
        return mask(accountNumber);
    }

    /**
     * Masks any account number to its last four characters; safe for logs and error messages.
     *
     * @param accountNumber any text, possibly null or short
     * @return {@code "****1234"}-style text that never holds more than four original characters
     */
    public static String mask(String accountNumber) {
        if (accountNumber == null) {
            return "null";
        }
        int keep = Math.min(4, Math.max(0, accountNumber.length() - 4));
        return "****" + accountNumber.substring(accountNumber.length() - keep);
    }

    /** {@code bankCode/****1234}: never the full account number. */
    @Override
    public String toString() {
        return bankCode + "/" + maskedNumber();
    }
}
