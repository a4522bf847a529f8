package dev.autotransfer.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Runs the bank calls of one chunk side by side and returns when every one has returned, so a
 * chunk's calls take about as long as its slowest, not their sum; the bank's lane bounds how many
 * are in flight. The first call runs on the caller's thread; the logging context is carried over.
 * Thread-safe.
 */
final class CallFanOut {

    private final ExecutorService executor;

    CallFanOut(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Runs {@code body} for every item and waits for all, even when interrupted (an outcome must be
     * recorded for every call that was made); rethrows the first failure after all returned.
     */
    <T> void runAll(List<T> items, Consumer<T> body) {
        if (items.size() <= 1) {
            items.forEach(body);
            return;
        }
        Map<String, String> context = MDC.getCopyOfContextMap();
        List<Future<?>> others = new ArrayList<>();
        List<T> inline = new ArrayList<>();
        inline.add(items.get(0));
        for (T item : items.subList(1, items.size())) {
            try {
                others.add(executor.submit(() -> {
                    if (context != null) {
                        MDC.setContextMap(context);
                    }
                    try {
                        body.accept(item);
                    } finally {
                        MDC.clear();
                    }
                }));
            } catch (RejectedExecutionException e) {
                inline.add(item);
            }
        }
        RuntimeException failure = null;
        for (T item : inline) {
            try {
                body.accept(item);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        boolean interrupted = false;
        for (Future<?> future : others) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException("a bank call failed", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
