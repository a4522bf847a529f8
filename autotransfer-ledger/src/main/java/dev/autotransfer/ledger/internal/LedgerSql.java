package dev.autotransfer.ledger.internal;

import dev.autotransfer.jdbc.JdbiStores;
import dev.autotransfer.jdbc.api.Dialect;

/**
 * The ledger's statements, one per {@code .sql} resource under {@code dev/autotransfer/ledger/sql/},
 * loaded by the jdbc module's loader ({@link JdbiStores#statement}). Not API. Thread-safe.
 */
public final class LedgerSql {

    private static final String ROOT = "dev/autotransfer/ledger/sql/";

    private LedgerSql() {
    }

    /** The statement {@code name} (for example {@code pull/insert.sql}) for the dialect. */
    public static String get(Dialect dialect, String name) {
        return JdbiStores.statement(ROOT, dialect, name);
    }
}
