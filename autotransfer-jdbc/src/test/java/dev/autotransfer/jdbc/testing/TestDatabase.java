package dev.autotransfer.jdbc.testing;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.PartitionMaintenance;
import dev.autotransfer.jdbc.SchemaInstaller;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * One isolated database for one test invocation: a fresh PostgreSQL schema, MariaDB database or
 * H2 in-memory database, dropped by {@link #close()}, with data sources for the owner and for an
 * application role (created on first use).
 *
 * <p>Time is fixed at {@link #NOW}; the installed schema has history partitions from
 * {@code at_history_min} (before 2026-09-01) through 2027-02. Not thread-safe to set up; the data
 * sources and Jdbi instances may be used from several threads.
 */
public final class TestDatabase implements AutoCloseable {

    /** The instant every test clock reads. */
    public static final Instant NOW = Instant.parse("2026-11-15T00:00:00Z");
    /** A clock fixed at {@link #NOW}. */
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Months before the current one with their own partition in the test schema. */
    public static final int MONTHS_BEHIND = 2;
    /** Months after the current one with a partition in the test schema. */
    public static final int MONTHS_AHEAD = 3;

    private final Dialect dialect;
    private final String serverUrl;
    private final String name;
    private final String ownerUrl;
    private final UrlDataSource dataSource;
    private final List<String> roles = new ArrayList<>();
    private UrlDataSource appDataSource;
    private com.zaxxer.hikari.HikariDataSource appPool;

    private TestDatabase(Dialect dialect, String serverUrl, String name, String ownerUrl) {
        this.dialect = dialect;
        this.serverUrl = serverUrl;
        this.name = name;
        this.ownerUrl = ownerUrl;
        this.dataSource = new UrlDataSource(ownerUrl);
    }

    /** Creates an empty database on the server at {@code serverUrl} (see {@link DatabaseServers}). */
    public static TestDatabase create(Dialect dialect, String serverUrl) {
        String name = "at_test_" + randomHex(6);
        switch (dialect) {
            case H2 -> {
                return new TestDatabase(dialect, serverUrl, name,
                        "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=5000;QUERY_CACHE_SIZE=128;USER=sa;PASSWORD=");
            }
            case POSTGRESQL -> {
                onServer(serverUrl, "CREATE SCHEMA " + name);
                return new TestDatabase(dialect, serverUrl, name, JdbcUrl.parse(serverUrl).with("currentSchema", name)
                        .with("options", "-c lock_timeout=5s -c statement_timeout=60s -c synchronous_commit=off").toString());
            }
            default -> {
                onServer(serverUrl, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                return new TestDatabase(dialect, serverUrl, name, JdbcUrl.parse(serverUrl).withDatabase(name).toString());
            }
        }
    }

    /** The dialect of this database. */
    public Dialect dialect() {
        return dialect;
    }

    /** The schema (PostgreSQL), database (MariaDB) or in-memory database (H2) name. */
    public String name() {
        return name;
    }

    /** The JDBC URL of {@link #dataSource()}, for code under test that opens its own connections. */
    public String url() {
        return dataSource.url();
    }

    /** Connections as the owner, who installed the schema. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Jdbi on {@link #dataSource()}, configured as the stores' ({@code JdbiFactory}): instants
     * bound and read as UTC whatever the JVM's zone.
     */
    public Jdbi jdbi() {
        return JdbiFactory.create(dataSource, dialect);
    }

    /** An installer preset to the test clock and partition range. */
    public SchemaInstaller.Builder installer() {
        return SchemaInstaller.builder(dataSource).clock(CLOCK).monthsBehind(MONTHS_BEHIND).monthsAhead(MONTHS_AHEAD);
    }

    /** Installs the schema (a no-op when installed). */
    public void installSchema() {
        installer().build().install();
    }

    /** Partition maintenance as the owner, on the test clock. */
    public PartitionMaintenance partitions() {
        return PartitionMaintenance.create(dataSource, CLOCK);
    }

    /** Connections as the application role, installed with its grants on first use. */
    public synchronized DataSource appDataSource() {
        if (appDataSource == null) {
            String role = newRoleName();
            String password = randomHex(12);
            installer().build().installApplicationRole(role, password);
            appDataSource = new UrlDataSource(switch (dialect) {
                case H2 -> "jdbc:h2:mem:" + name + ";LOCK_TIMEOUT=5000;USER=" + role + ";PASSWORD=" + password;
                default -> JdbcUrl.parse(ownerUrl).with("user", role).with("password", password).toString();
            });
        }
        return appDataSource;
    }

    /**
     * A connection pool of up to {@code size} connections as the application role (what an
     * application runs the engine on), closed with this database.
     */
    public synchronized DataSource appPool(int size) {
        if (appPool == null) {
            DataSource app = appDataSource();
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            config.setDataSource(app);
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(0);
            config.setPoolName("test-" + name);
            appPool = new com.zaxxer.hikari.HikariDataSource(config);
        }
        return appPool;
    }

    /** Jdbi on {@link #appDataSource()}, configured as {@link #jdbi()}. */
    public Jdbi appJdbi() {
        return JdbiFactory.create(appDataSource(), dialect);
    }

    /**
     * Opens a connection to this database as {@code user} with {@code password} (credentials
     * passed as driver properties, so any character goes); the caller closes it.
     */
    public Connection connectAs(String user, String password) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        String url = switch (dialect) {
            case H2 -> "jdbc:h2:mem:" + name + ";LOCK_TIMEOUT=5000";
            default -> JdbcUrl.parse(ownerUrl).without("user").without("password").toString();
        };
        return DriverManager.getConnection(url, credentials);
    }

    /** A fresh role name, dropped with this database. */
    public synchronized String newRoleName() {
        String role = "at_app_" + randomHex(6);
        roles.add(role);
        return role;
    }

    /** Drops the database and its roles. */
    @Override
    public synchronized void close() {
        if (appPool != null) {
            appPool.close();
        }
        switch (dialect) {
            case H2 -> onServer(ownerUrl, "SHUTDOWN");
            case POSTGRESQL -> {
                onServer(serverUrl, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
                roles.forEach(role -> onServer(serverUrl, "DROP ROLE IF EXISTS " + role));
            }
            default -> {
                onServer(serverUrl, "DROP DATABASE IF EXISTS " + name);
                roles.forEach(role -> onServer(serverUrl, "DROP USER IF EXISTS '" + role + "'@'%'"));
            }
        }
    }

    @Override
    public String toString() {
        return DatabaseServers.displayName(dialect) + " " + name;
    }

    private static void onServer(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
