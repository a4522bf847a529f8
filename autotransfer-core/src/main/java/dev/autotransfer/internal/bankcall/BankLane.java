package dev.autotransfer.internal.bankcall;

import dev.autotransfer.internal.fleet.FleetShare;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.domain.Priority;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4 of the protocol for one bank: a slot of the bank's calls in flight and a rate-limit permit
 * first (outside the time limit), then the call on the bank's own pool, under the time limit and the
 * circuit breaker.
 *
 * <p>The slots and the permits are this node's share of the bank's quotas ({@link #share}): the
 * fleet's nodes together never exceed them. A slot is held until the bank's call really returns,
 * even after its time limit passed. The permit paces the request; on the pool's thread, at the last
 * moment before the call, the request is counted in the share's exact sliding window
 * ({@link ExactRateWindow}) and waits there for room if need be, so a pause between permit and call, a
 * cycle's burst or a share that just shrank never sends more than the share in a window. No slot,
 * permit or room in the window within the permit wait, circuit open, or
 * refused by the bank's own quota: the call was not sent. A timeout, an exception or an uncertain
 * answer is an answer: the call may have executed. Business rejections never count against the
 * breaker. Thread-safe; {@link #close()} stops the pool.
 */
public final class BankLane implements AutoCloseable {

    private final BankClient client;
    private static final Logger LOG = LoggerFactory.getLogger(BankLane.class);
    /** The least a request waits for room in the send window before it is not sent. */
    private static final long MIN_WINDOW_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final LaneSettings settings;
    private final NodeRateLimit rateLimit;
    private final ExactRateWindow window;
    private final long windowWaitNanos;
    private final Bulkhead slots;
    private final CircuitBreaker breaker;
    private final ThreadPoolExecutor pool;
    private final Clock clock;
    private volatile Instant openUntil = Instant.MIN;
    /**
     * Until when the last share holds, by the engine's time source and by this machine's monotonic
     * clock; it lapses when both passed (a pause passes both; a frozen or jumping test clock one).
     */
    private volatile Instant freshUntil = Instant.MAX;
    private volatile long freshUntilNanos;
    private volatile boolean shared;
    private int inPipeline;
    private final BankPressure pressure;
    private volatile FleetShare share = FleetShare.ALONE;

    /**
     * @param bankCode the bank, for names of the pool threads and the resilience components
     * @param client the bank's client; its terms give the quota
     * @param settings the guards
     * @param clock the clock of the circuit breaker (tests pass a controllable one)
     * @param threads creates the pool's threads (for example virtual threads on Java 21+)
     */
    public BankLane(String bankCode, BankClient client, LaneSettings settings, Clock clock, ThreadFactory threads) {
        this.client = client;
        this.name = bankCode;
        this.settings = settings;
        this.rateLimit = new NodeRateLimit(bankCode, FleetShare.ALONE.requestsPerSecond(client.terms()),
                FleetShare.ALONE.permitsPerCycle(client.terms()), settings.permitWait(), System::nanoTime);
        this.pressure = settings.newPressure();
        this.window = new ExactRateWindow(FleetShare.ALONE.budget(client.terms()), FleetShare.WINDOW_NANOS);
        this.windowWaitNanos = Math.max(MIN_WINDOW_WAIT_NANOS, settings.permitWait().toNanos());
        this.slots = Bulkhead.of("bank-" + bankCode, slotConfig(FleetShare.ALONE.concurrentCalls(client.terms(),
                settings.poolSize())));
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

    /**
     * Applies this node's share of the bank's quotas; with a share of zero nothing is sent.
     *
     * @param share the fleet as this node last saw it
     * @param validFor how long the share holds from now without a newer one: past it, the other
     *     nodes may have written this node off and taken its share, so it sends nothing until its next
     *     heartbeat
     */
    public void share(FleetShare share, Duration validFor) {
        share(share, clock.instant().plus(validFor), System.nanoTime() + validFor.toNanos());
    }

    /**
     * Applies this node's share of the bank's quotas, valid until an instant by the lane's clock and
     * by {@link System#nanoTime()}: it lapses when both passed (a pause passes both; a frozen or
     * jumping test clock one).
     */
    public void share(FleetShare share, Instant validUntil, long validUntilNanos) {
        freshUntil = validUntil;
        freshUntilNanos = validUntilNanos;
        shared = true;
        this.share = share;
        applyRate(share, share.justCleared());
        if (share.justCleared() && !settings.permitWait().isZero()) {
            // the others' requests under the old count may fill the bank's last second (with no
            // permit wait at all nothing waits: the second of a join may hold their excess)
            window.fill(System.nanoTime());
        }
        int calls = share.concurrentCalls(client.terms(), settings.poolSize());
        if (calls > 0 && calls != slots.getBulkheadConfig().getMaxConcurrentCalls()) {
            slots.changeConfig(slotConfig(calls));
        }
    }

    /**
     * Takes room in the bank's pipeline for up to {@code wanted} work items of a priority, before
     * they are claimed, so no more is claimed than the node's share sends within about the permit
     * wait. P1 and P2 fill at most {@code 100 - p0ReservedPercent} percent of it: the rest stays
     * free for P0 however long their backlog, while P1 and P2 still keep the bank at its quota.
     * Give it back with {@link #release} when the items' calls returned.
     *
     * @return how many items may be claimed, 0..wanted
     */
    public synchronized int admit(Priority priority, int wanted) {
        double rate = rateLimit.rate();
        if (rate <= 0) {
            return 0;
        }
        int capacity = (int) Math.max(2, Math.min(Integer.MAX_VALUE / 2,
                Math.ceil(rate * Math.max(settings.permitWait().toMillis(), 1000) * 0.8 / 1000)));
        int limit = priority == Priority.P0 ? capacity
                : (int) Math.max(1, (long) capacity * (100 - settings.p0ReservedPercent()) / 100);
        int room = Math.max(0, Math.min(wanted, limit - inPipeline));
        inPipeline += room;
        return room;
    }

    /** Gives back room taken by {@link #admit}. */
    public synchronized void release(Priority priority, int admitted) {
        inPipeline -= admitted;
    }

    /** Whether this node may send to the bank now (its share is not zero). */
    public boolean canSend() {
        return rateLimit.rate() > 0 && (!shared || clock.instant().isBefore(freshUntil)
                || System.nanoTime() - freshUntilNanos < 0);
    }

    /** This node's rate for the bank once the last share change took effect, requests per second. */
    public double requestsPerSecond() {
        return rateLimit.rate();
    }

    /** This node's calls in flight allowed to the bank. */
    public int concurrentCalls() {
        return slots.getBulkheadConfig().getMaxConcurrentCalls();
    }

    /**
     * The node's share of the bank's rate times the fraction backpressure leaves of it, with bursts
     * and the send window shrunk alike.
     */
    private void applyRate(FleetShare current, boolean delayStart) {
        double fraction = pressure.fraction();
        int burst = Math.max(1, (int) (current.permitsPerCycle(client.terms()) * fraction));
        int budget = current.budget(client.terms());
        window.resize(budget == 0 ? 0 : Math.max(1, (int) (budget * fraction)));
        rateLimit.change(current.requestsPerSecond(client.terms()) * fraction, burst, delayStart);
    }

    /** How many requests this node may send to the bank in any window of one second and the spread. */
    public int windowCapacity() {
        return window.capacity();
    }

    /** The backpressure on the bank: the fraction of the share in use and the last window's figures. */
    public BankPressure pressure() {
        return pressure;
    }

    /** The bank's calls in flight from this node now. */
    public int inFlight() {
        return slots.getBulkheadConfig().getMaxConcurrentCalls() - slots.getMetrics().getAvailableConcurrentCalls();
    }

    private BulkheadConfig slotConfig(int calls) {
        return BulkheadConfig.custom().maxConcurrentCalls(calls).maxWaitDuration(settings.permitWait()).build();
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
        if (!slots.tryAcquirePermission()) {
            return new LaneResult.NotSent<>(LaneResult.Reason.POOL_FULL, Duration.ofMillis(100));
        }
        boolean handedOver = false;
        try {
            if (!canSend() || !rateLimit.acquire()) {
                return new LaneResult.NotSent<>(LaneResult.Reason.RATE_LIMITED, Duration.ofSeconds(1));
            }
            if (!breaker.tryAcquirePermission()) {
                return new LaneResult.NotSent<>(LaneResult.Reason.CIRCUIT_OPEN, settings.openWait());
            }
            Handoff handoff = new Handoff();
            Future<T> future;
            try {
                future = pool.submit(() -> {
                    try {
                        if (!handoff.leave(window, windowWaitNanos)) {
                            throw new NoRoomInWindow();
                        }
                        return task.call();
                    } finally {
                        slots.onComplete();
                    }
                });
                handedOver = true;
            } catch (RejectedExecutionException e) {
                breaker.releasePermission();
                return new LaneResult.NotSent<>(LaneResult.Reason.POOL_FULL, Duration.ofMillis(100));
            }
            return answered(future, handoff, uncertain, judge);
        } finally {
            if (!handedOver) {
                slots.releasePermission();
            }
        }
    }

    private <T> LaneResult<T> answered(Future<T> future, Handoff handoff, Function<Throwable, T> uncertain,
            Function<T, Verdict> judge) {
        // the pool's thread may take the whole window wait, and a little more to be scheduled at all
        if (!handoff.awaitLeft(windowWaitNanos + MIN_WINDOW_WAIT_NANOS)) {
            // not cancelled: a task cancelled before it ran would never give its slot back; it sees
            // it was given up on and ends
            breaker.releasePermission();
            return new LaneResult.NotSent<>(LaneResult.Reason.RATE_LIMITED, Duration.ofMillis(100));
        }
        long start = handoff.leftAt();
        T answer;
        try {
            answer = future.get(settings.timeLimit().toNanos() - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
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
        if (verdict != Verdict.NOT_SENT && pressure.record(elapsed, verdict == Verdict.FAILURE)) {
            LOG.info("bank {}: last {} ms mean latency, {}% system failures; using {}% of this node's share",
                    name, String.format("%.1f", pressure.lastMeanMillis()),
                    String.format("%.1f", pressure.lastErrorRatePercent()), Math.round(pressure.fraction() * 100));
            applyRate(share, false);
        }
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

    /** Ends the pool's task of a request that did not leave (no room in the send window in time): nothing was sent. */
    private static final class NoRoomInWindow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoRoomInWindow() {
            super("no room in the bank's send window", null, false, false);
        }
    }

    /** Recorded by the breaker for an unknown outcome or a system rejection. */
    private static final class BankFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BankFailure() {
            super("bank failure", null, false, false);
        }
    }
}
