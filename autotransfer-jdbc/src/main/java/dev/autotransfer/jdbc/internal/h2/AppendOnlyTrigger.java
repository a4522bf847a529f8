package dev.autotransfer.jdbc.internal.h2;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The H2 trigger that keeps {@code at_history} and {@code at_audit_log} append-only: it refuses
 * every UPDATE and DELETE of a row. Not API: it implements H2's {@link Trigger} and throws
 * {@link SQLException}, types that belong to no public signature of this library.
 *
 * <p>Installed by the H2 schema script ({@code CREATE TRIGGER ... CALL}), which names this class,
 * so its name is part of the installed schema; H2 instantiates it, so it is public with a
 * no-argument constructor, but it is not meant to be called directly. TRUNCATE fires no trigger
 * in H2: it needs the DELETE right, which the application user does not have.
 *
 * <p>Stateless apart from the table name H2 hands to {@link #init}; H2 calls it from any thread.
 */
public final class AppendOnlyTrigger implements Trigger {

    /** SQLState of the refusal, as PostgreSQL's {@code insufficient_privilege}. */
    public static final String SQL_STATE = "42501";

    private volatile String table = "table";

    /** Creates the trigger; called by H2. */
    public AppendOnlyTrigger() {
    }

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName,
            boolean before, int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        String operation = newRow == null ? "DELETE" : "UPDATE";
        throw new SQLException(table + " is append-only: " + operation + " refused", SQL_STATE);
    }
}
