package dev.autotransfer.jdbc.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The SQL dialects autotransfer-jdbc ships a schema for.
 *
 * <p>MySQL 8 is served by {@link #MARIADB}. {@link #H2} is the embedded, single-node default;
 * claims by several nodes are promised on {@link #POSTGRESQL} and {@link #MARIADB} only.
 *
 * <p>An enum: immutable and safe to use from any thread.
 */
public enum Dialect {
    /** H2 2.x, embedded (file or memory). */
    H2("h2"),
    /** PostgreSQL 15 and later. */
    POSTGRESQL("postgresql"),
    /** MariaDB 10.6 and later, and MySQL 8. */
    MARIADB("mariadb");

    private final String resourceName;

    Dialect(String resourceName) {
        this.resourceName = resourceName;
    }

    /** The directory name of this dialect's scripts under {@code dev/autotransfer/jdbc/schema/}. */
    public String resourceName() {
        return resourceName;
    }

    /**
     * The dialect of the database behind a data source, from its metadata; opens and closes one
     * connection.
     *
     * @throws AutoTransferJdbcException if no connection can be opened or the product is not supported
     */
    public static Dialect detect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return fromProductName(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new AutoTransferJdbcException("cannot read the database product name: " + e.getMessage(), e);
        }
    }

    /**
     * The dialect for a JDBC {@code DatabaseMetaData.getDatabaseProductName()}.
     *
     * @throws AutoTransferJdbcException if the product is not one this module supports
     */
    public static Dialect fromProductName(String productName) {
        String name = String.valueOf(productName).toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MARIADB;
        }
        throw new AutoTransferJdbcException("unsupported database product '" + productName
                + "': autotransfer-jdbc supports H2, PostgreSQL, MariaDB and MySQL");
    }
}
