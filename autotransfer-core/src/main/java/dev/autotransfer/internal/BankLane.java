package dev.autotransfer.internal;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
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
 * Step 4 of the protocol for one bank: the rate-limit permit first (outside the time limit), then
 * the call on the bank's own pool with no queue, under the time limit and the circuit breaker.
 *
 * <p>Rate limited, pool full, circuit open, or refused by the bank's own quota: the call was not
 * sent. A timeout, an exception or an uncertain answer is an answer: the call may have executed.
 * Business rejections never count against the breaker. Thread-safe; {@link #close()} stops the pool.
 */
public final class BankLane implements AutoCloseable {

    private final BankClient client;
    private final LaneSettings settings;
    private final RateLimiter rateLimiter;
    private final CircuitBreaker breaker;
    private final ThreadPoolExecutor pool;
    private final Clock clock;
    private volatile Instant openUntil = Instant.MIN;

    /**
     * @param bankCode the bank, for names of the pool threads and the resilience components
     * @param client the bank's client; its terms give the quota
     * @param settings the guards
     * @param clock the clock of the circuit breaker (tests pass a controllable one)
     * @param threads creates the pool's threads (for example virtual threads on Java 21+)
     */
    public BankLane(String bankCode, BankClient client, LaneSettings settings, Clock clock, ThreadFactory threads) {
        this.client = client;
        this.settings = settings;
        this.rateLimiter = RateLimiter.of("bank-" + bankCode, RateLimiterConfig.custom()
                .limitForPeriod(client.terms().requestsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(settings.permitWait())
                .build());
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
        this.clock = clock;
        this.breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openUntil = clock.instant().plus(settings.openWait());
            }
        });
    }

    /** Sends a transfer; the request is passed unchanged (a re-send passes the recorded one). */
    public LaneResult<TransferOutcome> transfer(TransferRequest request) {
        return call(() -> client.transfer(request),
                failure -> new TransferOutcome.Unknown(failure instanceof TimeoutException
                        ? UnknownReason.TIMEOUT : UnknownReason.UNEXPECTED, describe(failure)),
                BankLane::verdict);
    }

    /** Asks the bank about a key. */
    public LaneResult<InquiryResult> inquire(String key) {
        return call(() -> client.inquire(key), failure -> new InquiryResult.Unavailable(describe(failure)),
                answer -> answer instanceof InquiryResult.Unavailable ? Verdict.FAILURE : Verdict.SUCCESS);
    }

    /**
     * Whether the breaker is open and its wait has not passed by the lane's clock (the bank's work
     * waits); once the wait passed, the next call is the breaker's trial call.
     */
    public boolean isOpen() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.FORCED_OPEN
                || state == CircuitBreaker.State.OPEN && clock.instant().isBefore(openUntil);
    }

    private <T> LaneResult<T> call(Callable<T> task, Function<Throwable, T> uncertain, Function<T, Verdict> judge) {
        if (!rateLimiter.acquirePermission()) {
            return new LaneResult.NotSent<>(LaneResult.Reason.RATE_LIMITED, Duration.ofSeconds(1));
        }
        if (!breaker.tryAcquirePermission()) {
            return new LaneResult.NotSent<>(LaneResult.Reason.CIRCUIT_OPEN, settings.openWait());
        }
        long start = System.nanoTime();
        Future<T> future;
        try {
            future = pool.submit(task);
        } catch (RejectedExecutionException e) {
            breaker.releasePermission();
            return new LaneResult.NotSent<>(LaneResult.Reason.POOL_FULL, Duration.ofMillis(100));
        }
        T answer;
        try {
            answer = future.get(settings.timeLimit().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            answer = uncertain.apply(e);
        } catch (ExecutionException e) {
            answer = uncertain.apply(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = uncertain.apply(e);
        }
        Verdict verdict = judge.apply(answer);
        long elapsed = System.nanoTime() - start;
        switch (verdict) {
            case SUCCESS -> breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            case FAILURE -> breaker.onError(elapsed, TimeUnit.NANOSECONDS, new BankFailure());
            case NEUTRAL -> breaker.releasePermission();
            case NOT_SENT -> {
                breaker.releasePermission();
                return new LaneResult.NotSent<>(LaneResult.Reason.REFUSED_BY_BANK, Duration.ofSeconds(1));
            }
        }
        return new LaneResult.Answered<>(answer);
    }

    private static Verdict verdict(TransferOutcome outcome) {
        if (outcome instanceof TransferOutcome.Accepted) {
            return Verdict.SUCCESS;
        }
        if (outcome instanceof TransferOutcome.Rejected rejected) {
            RejectionCode.Kind kind = rejected.code().kind();
            if (kind == RejectionCode.Kind.NOT_SENT) {
                return Verdict.NOT_SENT;
            }
            return kind.tripsCircuitBreaker() ? Verdict.FAILURE : Verdict.NEUTRAL;
        }
        return Verdict.FAILURE;
    }

    private static String describe(Throwable failure) {
        return failure instanceof TimeoutException ? "no answer within the time limit"
                : failure.getClass().getSimpleName();
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    private enum Verdict { SUCCESS, FAILURE, NEUTRAL, NOT_SENT }

    /** Recorded by the breaker for an unknown outcome or a system rejection. */
    private static final class BankFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BankFailure() {
            super("bank failure", null, false, false);
        }
    }
}
