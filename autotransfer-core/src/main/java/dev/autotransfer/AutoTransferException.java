package dev.autotransfer;

/**
 * The root of every exception autotransfer-core throws for a condition other than bad input.
 *
 * <p>Bad arguments are reported with {@link IllegalArgumentException} naming the field and the
 * value, as the bank-spi value types do; conditions that the caller cannot fix by changing an
 * argument (a calendar that does not cover a date, for example) are subclasses of this type, so
 * a caller can catch everything the SDK raises with one clause.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class AutoTransferException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public AutoTransferException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public AutoTransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
