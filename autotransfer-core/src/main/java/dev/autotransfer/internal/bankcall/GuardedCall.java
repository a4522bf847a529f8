package dev.autotransfer.internal.bankcall;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The guards around one bank's calls once admitted: its circuit breaker (resilience4j, on the
 * engine's clock), its own pool of threads with no queue (a call beyond the pool is not sent, never
 * left waiting where its time limit would run out unseen), and the time limit, counted from the
 * moment the request left. A timeout or an exception is an answer (the call may have executed),
 * turned into the caller's uncertain value. Thread-safe; {@link #close()} stops the pool.
 */
public final class GuardedCall implements AutoCloseable {

    private final LaneSettings settings;
    private final CircuitBreaker breaker;
    private final ThreadPoolExecutor pool;
    private final Clock clock;
    private volatile Instant openUntil = Instant.MIN;

    /**
     * @param bankCode the bank, for the breaker's name
     * @param settings the time limit, the pool size and the breaker's thresholds
     * @param clock the breaker's clock (tests pass a controllable one)
     * @param threads creates the pool's threads
     */
    public GuardedCall(String bankCode, LaneSettings settings, Clock clock, ThreadFactory threads) {
        this.settings = settings;
        this.clock = clock;
        this.breaker = CircuitBreaker.of("bank-" + bankCode, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRatePercent())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindow(Math.max(settings.minimumCalls(), 10), settings.minimumCalls(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(settings.openWait())
                .clock(clock)
                .build());
        this.pool = new ThreadPoolExecutor(settings.poolSize(), settings.poolSize(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
        this.breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openUntil = clock.instant().plus(settings.openWait());
            }
        });
    }

    /** Takes the breaker's permission for one call; false while it is open. */
    public boolean tryEnter() {
        return breaker.tryAcquirePermission();
    }

    /**
     * Hands the task to a free thread of the pool.
     *
     * @return the task's future, or null when every thread is busy (the breaker's permission is given back)
     */
    public <T> Future<T> submit(Callable<T> task) {
        try {
            return pool.submit(task);
        } catch (RejectedExecutionException e) {
            breaker.releasePermission();
            return null;
        }
    }

    /** Gives back the breaker's permission of a call that was not sent after all. */
    public void notSent() {
        breaker.releasePermission();
    }

    /**
     * Waits for the call's answer up to the time limit counted from {@code leftAtNanos}; past it the
     * task is interrupted and the answer is {@code uncertain} of a {@link TimeoutException}, as is an
     * exception the call threw.
     */
    public <T> T await(Future<T> future, long leftAtNanos, Function<Throwable, T> uncertain) {
        try {
            return future.get(settings.timeLimit().toNanos() - (System.nanoTime() - leftAtNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return uncertain.apply(e);
        } catch (ExecutionException e) {
            return uncertain.apply(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return uncertain.apply(e);
        }
    }

    /** Records a call's verdict with the breaker: a success, a failure, or neither. */
    public void answered(CallVerdict verdict, long elapsedNanos) {
        switch (verdict) {
            case SUCCESS -> breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
            case FAILURE -> breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, new BankFailure());
            case NEUTRAL, NOT_SENT -> breaker.releasePermission();
        }
    }

    /**
     * Whether the breaker is open and its wait has not passed by the clock (the bank's work waits);
     * once the wait passed, the next call is the breaker's trial call.
     */
    public boolean isOpen() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.FORCED_OPEN
                || state == CircuitBreaker.State.OPEN && clock.instant().isBefore(openUntil);
    }

    /** How long an open breaker waits before its trial call. */
    public Duration openWait() {
        return settings.openWait();
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    /** Recorded by the breaker for an unknown outcome or a system rejection. */
    private static final class BankFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BankFailure() {
            super("bank failure", null, false, false);
        }
    }
}
