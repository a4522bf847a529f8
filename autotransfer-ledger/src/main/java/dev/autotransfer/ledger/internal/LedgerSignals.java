package dev.autotransfer.ledger.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;

/**
 * Control-flow signals of the ledger's transactions: thrown inside a transaction to roll it back,
 * caught by the ledger, never seen by its callers. Not API. No stack traces; immutable.
 */
public final class LedgerSignals {

    private LedgerSignals() {
    }

    /** A unique key refused an insert: another call with the same reference won. */
    public static final class DuplicateReference extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient AutoTransferJdbcException failure;

        public DuplicateReference(AutoTransferJdbcException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }

        /** The failure to throw when no winner's row can be read. */
        public AutoTransferJdbcException failure() {
            return failure;
        }
    }

    /** A conditional balance update matched no row: the transaction rolls back, the caller explains. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long accountId;

        public Refused(long accountId) {
            super(null, null, false, false);
            this.accountId = accountId;
        }

        /** The account whose update matched no row. */
        public long accountId() {
            return accountId;
        }
    }

    /** A conditional update of a pull or a ledger transfer matched no row: a twin settled it first. */
    public static final class Lost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Lost() {
            super(null, null, false, false);
        }
    }
}
