package dev.autotransfer.jdbc.engine;

import dev.autotransfer.jdbc.api.Dialect;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source over another whose connections fail on demand the way a dropped connection does.
 *
 * <p>{@link #loseNextCommits(int, boolean)} makes the next commits end in an {@link SQLException}
 * with SQLState 08006 (connection failure): either after the commit really took effect (the answer
 * was lost: "maybe committed") or after a rollback (the commit never reached the server), so the
 * caller cannot tell which. {@link #lockTimeout(Duration)} shortens the lock timeout that the
 * stores set on each handle (5 s by default), so a test of a lock wait stays fast.
 *
 * <p>Thread-safe.
 */
public final class FlakyDataSource implements DataSource {

    private final DataSource delegate;
    private final Dialect dialect;
    private final AtomicInteger commitsToLose = new AtomicInteger();
    private final AtomicInteger lostCommits = new AtomicInteger();
    private volatile boolean lostCommitsTakeEffect;
    private volatile Duration lockTimeout;

    public FlakyDataSource(DataSource delegate, Dialect dialect) {
        this.delegate = delegate;
        this.dialect = dialect;
    }

    /**
     * The next {@code n} commits on any connection of this data source fail as a lost connection;
     * with {@code takeEffect} they commit first, without it they roll back first.
     */
    public void loseNextCommits(int n, boolean takeEffect) {
        lostCommitsTakeEffect = takeEffect;
        commitsToLose.set(n);
    }

    /** How many commits failed so far. */
    int lostCommits() {
        return lostCommits.get();
    }

    /** Every handle opened from now on waits at most this long for a row lock (MariaDB: whole seconds, at least 1). */
    void lockTimeout(Duration value) {
        this.lockTimeout = value;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return flaky(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return flaky(delegate.getConnection(username, password));
    }

    private Connection flaky(Connection real) {
        return (Connection) Proxy.newProxyInstance(FlakyDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "commit" -> {
                            commit(real);
                            return null;
                        }
                        case "prepareStatement" -> {
                            PreparedStatement statement = (PreparedStatement) call(method, real, args);
                            Duration timeout = lockTimeout;
                            return timeout != null && setsLockTimeout((String) args[0])
                                    ? shortened(statement, timeout) : statement;
                        }
                        default -> {
                            return call(method, real, args);
                        }
                    }
                });
    }

    private void commit(Connection real) throws SQLException {
        boolean lose = commitsToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (!lose) {
            real.commit();
            return;
        }
        if (lostCommitsTakeEffect) {
            real.commit();
        } else {
            real.rollback();
        }
        lostCommits.incrementAndGet();
        throw new SQLNonTransientConnectionException("simulated: connection lost while committing", "08006");
    }

    private static boolean setsLockTimeout(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        return lower.contains("lock_timeout") || lower.contains("innodb_lock_wait_timeout");
    }

    /** The store's lock-timeout statement, binding this data source's timeout instead of the store's. */
    private PreparedStatement shortened(PreparedStatement real, Duration timeout) {
        long millis = timeout.toMillis();
        Object value = switch (dialect) {
            case POSTGRESQL -> millis + "ms";
            case MARIADB -> Math.max(1L, (millis + 999) / 1000);
            case H2 -> millis;
        };
        return (PreparedStatement) Proxy.newProxyInstance(FlakyDataSource.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2
                            && Integer.valueOf(1).equals(args[0])) {
                        real.setObject(1, value);
                        return null;
                    }
                    return call(method, real, args);
                });
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
