package dev.autotransfer.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Runs the bank calls of one chunk, up to {@code parallelCalls} side by side, and returns when every
 * one has returned, so a chunk's calls to a slow bank do not take the sum of their latencies; the
 * bank's lane bounds how many are in flight. One runner works on the caller's thread, in the
 * chunk's order (with one runner the calls go out one after the other, in order); the logging
 * context is carried over. Thread-safe.
 */
public final class CallFanOut {

    private final ExecutorService executor;
    private final int parallelCalls;

    public CallFanOut(ExecutorService executor, int parallelCalls) {
        this.executor = executor;
        this.parallelCalls = parallelCalls;
    }

    /**
     * Runs {@code body} for every item and waits for all, even when interrupted (an outcome must be
     * recorded for every call that was made); rethrows the first failure after all returned.
     */
    public <T> void runAll(List<T> items, Consumer<T> body) {
        int runners = Math.min(parallelCalls, items.size());
        if (runners <= 1) {
            items.forEach(body);
            return;
        }
        Map<String, String> context = MDC.getCopyOfContextMap();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable runner = () -> {
            for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                try {
                    body.accept(items.get(i));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        List<Future<?>> others = new ArrayList<>();
        for (int r = 1; r < runners; r++) {
            try {
                others.add(executor.submit(() -> {
                    if (context != null) {
                        MDC.setContextMap(context);
                    }
                    try {
                        runner.run();
                    } finally {
                        MDC.clear();
                    }
                }));
            } catch (RejectedExecutionException e) {
                break;
            }
        }
        runner.run();
        boolean interrupted = false;
        for (Future<?> future : others) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, new IllegalStateException("a bank call failed", e.getCause()));
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
