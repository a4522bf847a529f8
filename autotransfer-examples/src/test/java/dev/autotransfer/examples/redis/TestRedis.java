package dev.autotransfer.examples.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis for one test: either the machine's shared Redis on 6379 (never stopped), or a server of the
 * test's own on a free port, started as a child process without persistence, which the test may stop
 * and start again. Clients time out after a second and reject commands while disconnected, so a
 * stopped Redis is an error at once. Outside CI a missing shared Redis skips the test; in CI
 * ({@code CI=true}) it fails it. Not thread-safe to start and stop; its connections are.
 */
final class TestRedis implements AutoCloseable {

    private final int port;
    private final boolean own;
    private final RedisClient client;
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private Process process;

    private TestRedis(int port, boolean own) {
        this.port = port;
        this.own = own;
        this.client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withTimeout(Duration.ofSeconds(1)).build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    }

    /** The machine's Redis on 6379. */
    static TestRedis shared() {
        TestRedis redis = new TestRedis(6379, false);
        try {
            redis.connect().sync().ping();
        } catch (RuntimeException e) {
            redis.close();
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("Redis on 127.0.0.1:6379 is not reachable, and CI=true", e);
            }
            Assumptions.abort("Redis on 127.0.0.1:6379 is not reachable: " + e.getMessage());
        }
        return redis;
    }

    /** A Redis server of this test's own, on a free port. */
    static TestRedis own() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestRedis redis = new TestRedis(port, true);
        redis.start();
        return redis;
    }

    /** A new connection (auto-reconnecting); closed with this Redis. */
    StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> connection = client.connect();
        connections.add(connection);
        return connection;
    }

    /** Starts the own server and waits until it answers. */
    void start() {
        if (!own) {
            throw new IllegalStateException("the shared Redis is never started or stopped by a test");
        }
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not be started", e);
        }
        Awaitility.await("redis-server on port " + port).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                    try (StatefulRedisConnection<String, String> probe = client.connect()) {
                        return "PONG".equals(probe.sync().ping());
                    }
                });
    }

    /** Kills the own server (no persistence: it forgets everything). */
    void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Kills the own server and starts a new one on the same port, then waits until {@code connection} works again. */
    void restart(StatefulRedisConnection<String, String> connection) {
        stop();
        start();
        Awaitility.await("the connection after the restart").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> "PONG".equals(connection.sync().ping()));
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisConnection::close);
        client.shutdown();
        stop();
    }
}
