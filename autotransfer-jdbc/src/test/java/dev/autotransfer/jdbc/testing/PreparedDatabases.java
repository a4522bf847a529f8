package dev.autotransfer.jdbc.testing;

import dev.autotransfer.jdbc.api.Dialect;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Keeps installed test databases ready ahead of the tests that take them, and drops used ones in
 * the background, so schema DDL (slow on a server that syncs every commit) overlaps with tests.
 * Each database is still used by one test only. Thread-safe.
 */
public final class PreparedDatabases {

    private static final int AHEAD = 2;
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "autotransfer-test-databases");
        thread.setDaemon(true);
        return thread;
    });
    private static final Map<Dialect, Deque<Future<TestDatabase>>> READY = new EnumMap<>(Dialect.class);
    private static final List<Future<?>> DROPS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PreparedDatabases::dropEverything, "autotransfer-test-cleanup"));
    }

    private PreparedDatabases() {
    }

    /** A database for one test: installed with its application role, or empty. */
    public static TestDatabase take(Dialect dialect, String serverUrl, boolean installed) {
        if (!installed) {
            return TestDatabase.create(dialect, serverUrl);
        }
        Future<TestDatabase> next;
        synchronized (READY) {
            Deque<Future<TestDatabase>> ready = READY.computeIfAbsent(dialect, d -> new ArrayDeque<>());
            while (ready.size() <= AHEAD) {
                ready.add(WORKERS.submit(() -> prepare(dialect, serverUrl)));
            }
            next = ready.poll();
        }
        try {
            return next.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing a " + dialect + " test database failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Drops a used database in the background. */
    public static void release(TestDatabase database) {
        synchronized (DROPS) {
            DROPS.add(WORKERS.submit(database::close));
        }
    }

    private static TestDatabase prepare(Dialect dialect, String serverUrl) {
        TestDatabase database = TestDatabase.create(dialect, serverUrl);
        try {
            database.installSchema();
            database.appDataSource();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static void dropEverything() {
        List<Future<?>> pending = new ArrayList<>();
        synchronized (READY) {
            READY.values().forEach(ready -> ready.forEach(future -> pending.add(WORKERS.submit(() -> {
                try {
                    future.get().close();
                } catch (InterruptedException | ExecutionException ignored) {
                    // nothing was created, or it was dropped on failure
                }
            }))));
        }
        synchronized (DROPS) {
            pending.addAll(DROPS);
        }
        for (Future<?> future : pending) {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort at JVM exit: a leftover at_test_ schema is harmless
            }
        }
    }
}
