package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * What the installer needs to know about the connected schema, read from JDBC metadata. Not API.
 * Stateless.
 */
public final class Catalog {

    private Catalog() {
    }

    /** Whether a table of this (lower-case) name exists in the connection's current schema. */
    public static boolean tableExists(Handle handle, String table) {
        try {
            Connection connection = handle.getConnection();
            DatabaseMetaData metaData = connection.getMetaData();
            String name = metaData.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
            try (ResultSet tables = metaData.getTables(connection.getCatalog(), connection.getSchema(), name, null)) {
                while (tables.next()) {
                    if (tables.getString("TABLE_NAME").equals(name)) {
                        return true;
                    }
                }
                return false;
            }
        } catch (SQLException e) {
            throw new AutoTransferJdbcException("cannot read table metadata: " + e.getMessage(), e);
        }
    }

    /** The schema (PostgreSQL) or database (MariaDB) the connection works in; null on H2, where grants need none. */
    public static String currentSchema(Handle handle, Dialect dialect) {
        try {
            Connection connection = handle.getConnection();
            return switch (dialect) {
                case H2 -> null;
                case POSTGRESQL -> connection.getSchema();
                case MARIADB -> connection.getCatalog();
            };
        } catch (SQLException e) {
            throw new AutoTransferJdbcException("cannot read the current schema: " + e.getMessage(), e);
        }
    }
}
