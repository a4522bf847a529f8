package dev.autotransfer.ledger;

import dev.autotransfer.AutoTransferException;

/**
 * A movement, hold or sign-up was submitted under a reference already recorded with other content
 * (another kind, account or amount), or a hold was asked to move where its state forbids (post a
 * voided hold, void a posted one); nothing was changed. The same request again is not a conflict:
 * it answers what was recorded.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class LedgerReferenceConflictException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    private final String reference;

    /** A conflict on {@code reference}; the message says what differs, never an account number. */
    public LedgerReferenceConflictException(String reference, String message) {
        super("reference '" + reference + "': " + message);
        this.reference = reference;
    }

    /** The reference that is already recorded. */
    public String reference() {
        return reference;
    }
}
