package dev.autotransfer.jdbc.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A data source that opens a new driver connection for each request, from one JDBC URL (which
 * carries user and password). Enough for tests; thread-safe.
 */
public final class UrlDataSource extends PlainDataSource {

    private final String url;

    /** A data source for this URL. */
    public UrlDataSource(String url) {
        this.url = url;
    }

    /** The URL connections are opened with. */
    public String url() {
        return url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public String toString() {
        return "UrlDataSource[" + url.replaceAll("password=[^&;]*", "password=***") + "]";
    }
}
