package dev.autotransfer.jdbc.api;

import dev.autotransfer.AutoTransferException;

/**
 * The root of every exception autotransfer-jdbc throws: a database refused or failed a step.
 *
 * <p>A subclass of the SDK's one root, {@link AutoTransferException}. The cause carries the driver's exception (its SQLState names what the database refused);
 * no {@code SQLException} or Jdbi type ever appears in a public signature of this module. Bad
 * arguments are reported with {@link IllegalArgumentException} instead.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class AutoTransferJdbcException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public AutoTransferJdbcException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public AutoTransferJdbcException(String message, Throwable cause) {
        super(message, cause);
    }
}
