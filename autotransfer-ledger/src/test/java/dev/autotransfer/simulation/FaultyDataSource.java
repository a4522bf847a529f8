package dev.autotransfer.simulation;

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
import java.sql.SQLTransientException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections fail once on demand the way the database would: the n-th statement
 * from now fails as a lock timeout, a deadlock or a serialization failure (with the dialect's own
 * SQLState and vendor code, so the store classifies it as it would the real one), or the n-th commit
 * from now loses its connection after taking effect or before. Thread-safe.
 */
final class FaultyDataSource implements DataSource {

    private record Armed(DbFaultKind kind, int remaining) { }

    private final DataSource delegate;
    private final Dialect dialect;
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final Consumer<DbFaultKind> fired;

    FaultyDataSource(DataSource delegate, Dialect dialect, Consumer<DbFaultKind> fired) {
        this.delegate = delegate;
        this.dialect = dialect;
        this.fired = fired;
    }

    /** The fault fires on the {@code after}-th statement (or commit, for lost commits) from now; replaces one armed before. */
    void arm(DbFaultKind kind, int after) {
        armed.set(new Armed(kind, Math.max(0, after)));
    }

    /** Disarms whatever is armed. */
    void disarm() {
        armed.set(null);
    }

    private boolean take(boolean commit) {
        while (true) {
            Armed current = armed.get();
            if (current == null) {
                return false;
            }
            boolean commitFault = current.kind() == DbFaultKind.LOST_COMMIT_APPLIED
                    || current.kind() == DbFaultKind.LOST_COMMIT_DROPPED;
            if (commitFault != commit) {
                return false;
            }
            Armed next = current.remaining() == 0 ? null : new Armed(current.kind(), current.remaining() - 1);
            if (armed.compareAndSet(current, next)) {
                return current.remaining() == 0;
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return faulty(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return faulty(delegate.getConnection(username, password));
    }

    private Connection faulty(Connection real) {
        return (Connection) Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "commit" -> {
                            commit(real);
                            return null;
                        }
                        case "prepareStatement" -> {
                            return statement((PreparedStatement) call(method, real, args));
                        }
                        default -> {
                            return call(method, real, args);
                        }
                    }
                });
    }

    private void commit(Connection real) throws SQLException {
        Armed current = armed.get();
        if (current == null || !take(true)) {
            real.commit();
            return;
        }
        if (current.kind() == DbFaultKind.LOST_COMMIT_APPLIED) {
            real.commit();
        } else {
            real.rollback();
        }
        fired.accept(current.kind());
        throw new SQLNonTransientConnectionException("simulated: connection lost while committing", "08006");
    }

    private PreparedStatement statement(PreparedStatement real) {
        return (PreparedStatement) Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("execute")) {
                        Armed current = armed.get();
                        if (current != null && take(false)) {
                            fired.accept(current.kind());
                            throw failure(current.kind());
                        }
                    }
                    return call(method, real, args);
                });
    }

    private SQLException failure(DbFaultKind kind) {
        return switch (kind) {
            case LOCK_TIMEOUT -> switch (dialect) {
                case POSTGRESQL -> new SQLTransientException("simulated: canceling statement due to lock timeout", "55P03");
                case MARIADB -> new SQLTransientException("simulated: Lock wait timeout exceeded", "HY000", 1205);
                case H2 -> new SQLTransientException("simulated: Timeout trying to lock table", "HYT00", 50200);
            };
            case DEADLOCK -> switch (dialect) {
                case POSTGRESQL -> new SQLTransientException("simulated: deadlock detected", "40P01");
                case MARIADB -> new SQLTransientException("simulated: Deadlock found when trying to get lock", "40001", 1213);
                case H2 -> new SQLTransientException("simulated: Deadlock detected", "40001", 40001);
            };
            case SERIALIZATION_FAILURE -> new SQLTransientException(
                    "simulated: could not serialize access due to concurrent update", "40001");
            default -> throw new IllegalArgumentException(kind + " is not a statement fault");
        };
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
