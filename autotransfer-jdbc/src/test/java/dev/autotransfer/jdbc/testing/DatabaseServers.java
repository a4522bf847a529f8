package dev.autotransfer.jdbc.testing;

import dev.autotransfer.jdbc.api.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds the database server for each dialect once per JVM: H2 in memory; PostgreSQL and MariaDB
 * from their environment variable, else a Testcontainers container when Docker is available.
 * Thread-safe.
 */
public final class DatabaseServers {

    /** JDBC URL of a PostgreSQL server whose user may create schemas and roles. */
    public static final String POSTGRES_URL_ENV = "AUTOTRANSFER_TEST_POSTGRES_URL";
    /** JDBC URL of a MariaDB server whose user may create databases and users. */
    public static final String MARIADB_URL_ENV = "AUTOTRANSFER_TEST_MARIADB_URL";

    private static final Map<Dialect, Server> SERVERS = new ConcurrentHashMap<>();

    private record Server(String url, String skipReason, String failure) {
    }

    private DatabaseServers() {
    }

    /** How the dialect is named in test display names. */
    public static String displayName(Dialect dialect) {
        return switch (dialect) {
            case H2 -> "H2";
            case POSTGRESQL -> "PostgreSQL";
            case MARIADB -> "MariaDB";
        };
    }

    /** Why tests on this dialect are skipped here, or null when they run (or must fail). */
    public static String skipReason(Dialect dialect) {
        return server(dialect).skipReason();
    }

    /** The server's JDBC URL; throws, failing the test, when it is required but missing or unreachable. */
    public static String baseUrl(Dialect dialect) {
        Server server = server(dialect);
        if (server.failure() != null) {
            throw new IllegalStateException(server.failure());
        }
        return server.url();
    }

    private static Server server(Dialect dialect) {
        return SERVERS.computeIfAbsent(dialect, DatabaseServers::resolve);
    }

    private static Server resolve(Dialect dialect) {
        if (dialect == Dialect.H2) {
            return new Server("jdbc:h2:mem:", null, null);
        }
        String env = dialect == Dialect.POSTGRESQL ? POSTGRES_URL_ENV : MARIADB_URL_ENV;
        String url = System.getenv(env);
        if (url != null && !url.isBlank()) {
            return reachable(url, env);
        }
        if (dockerAvailable()) {
            return new Server(startContainer(dialect), null, null);
        }
        String reason = env + " is not set and Docker is not available";
        return "true".equalsIgnoreCase(System.getenv("CI"))
                ? new Server(null, null, reason + "; with CI=true every database is required")
                : new Server(null, reason + ": skipping " + displayName(dialect), null);
    }

    private static Server reachable(String url, String env) {
        DriverManager.setLoginTimeout(5);
        try (Connection connection = DriverManager.getConnection(url)) {
            return connection.isValid(5) ? new Server(url, null, null)
                    : new Server(null, null, "the database named by " + env + " does not answer");
        } catch (SQLException e) {
            return new Server(null, null, "cannot connect to the database named by " + env + ": " + e.getMessage());
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // containers live for the JVM; Testcontainers' reaper removes them
    private static String startContainer(Dialect dialect) {
        if (dialect == Dialect.POSTGRESQL) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            return JdbcUrl.parse(container.getJdbcUrl()).with("user", container.getUsername())
                    .with("password", container.getPassword()).toString();
        }
        MariaDBContainer container = new MariaDBContainer("mariadb:10.11").withUsername("root");
        container.start();
        return JdbcUrl.parse(container.getJdbcUrl()).with("user", "root")
                .with("password", container.getPassword()).toString();
    }
}
