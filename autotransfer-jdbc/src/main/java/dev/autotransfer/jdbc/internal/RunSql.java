package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.util.Objects;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * What the run store's parts share: the Jdbi, the {@code sql/run/} statements of the dialect, and
 * the translation of Jdbi failures into {@link AutoTransferJdbcException} with a sanitized cause.
 * Not API. Immutable and thread-safe.
 */
public final class RunSql {

    private final Jdbi jdbi;
    private final Dialect dialect;

    /** Run statements on a Jdbi made by {@link JdbiFactory} for the dialect. */
    public RunSql(Jdbi jdbi, Dialect dialect) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** The dialect the statements are for. */
    Dialect dialect() {
        return dialect;
    }

    /** The statement {@code sql/run/<name>.sql} for the dialect. */
    String get(String name) {
        return SqlStatements.get(dialect, "run/" + name + ".sql");
    }

    /** The Jdbi, for a step that handles a failure itself (a unique violation that decides a race). */
    Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Whether the node has a row in the run; asked only after an UPDATE of that row matched
     * nothing, since MariaDB with {@code useAffectedRows=true} counts an unchanged row as 0.
     */
    boolean nodeExists(Handle handle, long runId, String nodeId) {
        return handle.createQuery(get("node_count"))
                .bind("runId", runId)
                .bind("nodeId", nodeId)
                .mapTo(Long.class)
                .one() > 0;
    }

    /** Runs {@code work} on its own handle (autocommit); {@code what} names the step in a failure. */
    <T> T withHandle(String what, Function<Handle, T> work) {
        try {
            return jdbi.withHandle(work::apply);
        } catch (JdbiException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} in one transaction on its own handle; {@code what} names the step in a failure. */
    <T> T inTransaction(String what, Function<Handle, T> work) {
        try {
            return jdbi.inTransaction(work::apply);
        } catch (JdbiException e) {
            throw failure(what, e);
        }
    }

    /** A failure of {@code what}, described by SQLState and first message line, the driver's exception sanitized. */
    static AutoTransferJdbcException failure(String what, JdbiException e) {
        return new AutoTransferJdbcException(what + " failed: " + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
    }
}
