package dev.autotransfer.client;

import java.util.Objects;

/**
 * The bank's own statement that an attempt's key did not execute, as a person obtained it (a case
 * or ticket number from the bank's operations desk, a statement line), recorded by
 * {@link DeadLetterClient#confirmNotExecuted} as the key's final FAILED event.
 *
 * <p>The reference is 1..100 characters without control characters; the note is optional, at most
 * 300 characters. Neither may hold an account number in full: they are written to history and to the
 * audit log. Immutable and thread-safe.
 *
 * @param bankReference the bank's reference for its confirmation
 * @param note what the person checked, or null
 */
public record BankConfirmation(String bankReference, String note) {

    /** Validates both fields; messages name the field and the value. */
    public BankConfirmation {
        Objects.requireNonNull(bankReference, "bankReference");
        if (bankReference.isBlank() || bankReference.length() > 100) {
            throw new IllegalArgumentException("bankReference must be 1..100 characters and not blank, was "
                    + bankReference.length() + " characters: '" + bankReference + "'");
        }
        if (bankReference.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("bankReference must not hold control characters, was '"
                    + bankReference.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        if (note != null && note.length() > 300) {
            throw new IllegalArgumentException("note must be at most 300 characters, was " + note.length());
        }
    }

    /** A confirmation with a reference and no note. */
    public static BankConfirmation of(String bankReference) {
        return new BankConfirmation(bankReference, null);
    }
}
