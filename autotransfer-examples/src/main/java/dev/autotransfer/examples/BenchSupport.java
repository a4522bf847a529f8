package dev.autotransfer.examples;

import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.ScheduleClient;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.api.Dialect;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * What the benchmarks share: the connection pool (counting commits), loading due schedules with
 * their funded accounts, refreshing planner statistics, percentiles and the machine's description.
 * Stateless; every method may be called from any thread.
 */
final class BenchSupport {

    /** An H2 database in memory, kept while the JVM runs. */
    static final String DEFAULT_URL = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";

    private static final int LOADERS = 8;

    private BenchSupport() {
    }

    /** A pool of {@code size} connections to {@code url} whose commits are counted in {@code commits}. */
    static HikariDataSource pool(String url, LongAdder commits, int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(counting(url, commits));
        config.setMaximumPoolSize(size);
        config.setPoolName("autotransfer-benchmark");
        return new HikariDataSource(config);
    }

    /**
     * Registers and funds schedules {@code from} (inclusive) to {@code to} (exclusive), monthly from
     * {@code today} on its day of month, so all are due today: schedule {@code i} debits bank
     * {@code banks[i % size]} from its own account holding 1,000,000 KRW.
     *
     * @return the schedule ids, by index from {@code from}
     */
    static long[] load(ScheduleClient store, SimulatedBank bank, List<String> banks, int from, int to,
            Priority priority, LocalDate today) throws Exception {
        AtomicLongArray ids = new AtomicLongArray(to - from);
        ExecutorService loaders = Executors.newFixedThreadPool(LOADERS);
        try {
            AtomicInteger next = new AtomicInteger(from);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < LOADERS; t++) {
                done.add(loaders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        ids.set(i - from, register(store, bank, banks.get(i % banks.size()), i, priority, today));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            loaders.shutdown();
        }
        long[] result = new long[to - from];
        for (int i = 0; i < result.length; i++) {
            result[i] = ids.get(i);
        }
        return result;
    }

    /** Who creates the benchmark's schedules, written with each one's audit entry as any application's. */
    static final AuditContext LOADER = AuditContext.of("benchmark-loader");

    /** Registers and funds schedule {@code i} at bank {@code code}, due {@code today}; returns its id. */
    static long register(ScheduleClient store, SimulatedBank bank, String code, int i, Priority priority,
            LocalDate today) {
        AccountRef source = AccountRef.of(code, String.format("110-%04d-%06d", i / 1_000_000, i % 1_000_000));
        bank.openAccount(source, Money.krw(1_000_000));
        return store.create(ScheduleSpec.builder()
                .clientReference("bench-" + i)
                .source(source)
                .destination(AccountRef.of("OTHER", String.format("990-%04d-%06d", i / 1_000_000, i % 1_000_000)))
                .amount(Money.krw(1_000 + i % 1_000))
                .priority(priority)
                .recurrence(Recurrence.monthly(today, today.getDayOfMonth()))
                .build(), LOADER).id();
    }

    /**
     * Gives the planner statistics of the loaded tables, as a database's own maintenance would before
     * a day's batch: a server whose autovacuum is off (or has not run yet) otherwise plans the claims
     * over empty-table estimates. PostgreSQL: {@code VACUUM ANALYZE}; MariaDB: {@code ANALYZE TABLE};
     * H2: {@code ANALYZE}.
     *
     * @return the seconds it took
     */
    static double refreshStatistics(DataSource pool, Dialect dialect) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            switch (dialect) {
                case POSTGRESQL -> st.execute("VACUUM ANALYZE");
                case MARIADB -> st.execute("ANALYZE TABLE at_schedule, at_work_item, at_history");
                case H2 -> st.execute("ANALYZE");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The value at quantile {@code p} (0..1] of sorted values, nearest rank; 0 for none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
    }

    /** Prints the machine, one figure a line: cores, Java version and VM, operating system. */
    static void printMachine(PrintStream out) {
        out.printf("machine.cores %d%n", Runtime.getRuntime().availableProcessors());
        out.printf("machine.java %s (%s %s)%n", System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"));
        out.printf("machine.os %s %s %s%n", System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
        out.printf("machine.max_heap_mib %d%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** A data source over the URL whose connections count their commits. */
    private static DataSource counting(String url, LongAdder commits) {
        DriverDataSource driver = new DriverDataSource(url, null, new Properties(), null, null);
        ClassLoader loader = BenchSupport.class.getClassLoader();
        return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, driver, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class}, (p, m, a) -> {
                            if (m.getName().equals("commit")) {
                                commits.increment();
                            }
                            return invoke(m, connection, a);
                        });
                    }
                    return result;
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
