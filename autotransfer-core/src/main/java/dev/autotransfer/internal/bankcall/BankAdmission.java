package dev.autotransfer.internal.bankcall;

import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.internal.fleet.FleetShare;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node may send one more request to one bank now: room in the bank's pipeline per
 * priority ({@link #admit}), a slot of the calls in flight (a resilience4j bulkhead), a permit of the
 * pacing rate limiter, and at the moment of leaving room in the exact sliding-second window
 * ({@link ExactRateWindow}); all of them sized to this node's share of the bank's quotas
 * ({@link FleetShare}) and shrunk by backpressure ({@link BankPressure}). What is refused here was
 * never sent. Thread-safe.
 */
public final class BankAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(BankAdmission.class);
    /** The least a request waits for room in the send window before it is not sent. */
    private static final long MIN_WINDOW_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String bankCode;
    private final BankTerms terms;
    private final LaneSettings settings;
    private final Clock clock;
    private final NodeRateLimit rateLimit;
    private final ExactRateWindow window;
    private final long windowWaitNanos;
    private final Bulkhead slots;
    private final BankPressure pressure;
    /**
     * Until when the last share holds, by the engine's time source and by this machine's monotonic
     * clock; it lapses when both passed (a pause passes both; a frozen or jumping test clock one).
     */
    private volatile Instant freshUntil = Instant.MAX;
    private volatile long freshUntilNanos;
    private volatile boolean shared;
    private volatile FleetShare share = FleetShare.ALONE;
    private int inPipeline;

    /**
     * @param bankCode the bank, for the bulkhead's name and the log
     * @param terms the bank's quotas
     * @param settings the permit wait, the pool size (the most calls in flight) and the backpressure
     * @param clock the engine's time source, by which a share lapses
     */
    public BankAdmission(String bankCode, BankTerms terms, LaneSettings settings, Clock clock) {
        this.bankCode = bankCode;
        this.terms = terms;
        this.settings = settings;
        this.clock = clock;
        this.rateLimit = new NodeRateLimit(bankCode, FleetShare.ALONE.requestsPerSecond(terms),
                FleetShare.ALONE.permitsPerCycle(terms), settings.permitWait(), System::nanoTime);
        this.pressure = settings.newPressure();
        this.window = new ExactRateWindow(FleetShare.ALONE.budget(terms), FleetShare.WINDOW_NANOS);
        this.windowWaitNanos = Math.max(MIN_WINDOW_WAIT_NANOS, settings.permitWait().toNanos());
        this.slots = Bulkhead.of("bank-" + bankCode,
                slotConfig(FleetShare.ALONE.concurrentCalls(terms, settings.poolSize())));
    }

    /**
     * Applies this node's share of the bank's quotas, valid until an instant by the clock and by
     * {@link System#nanoTime()}: it lapses when both passed; with a share of zero nothing is sent.
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
        int calls = share.concurrentCalls(terms, settings.poolSize());
        if (calls > 0 && calls != slots.getBulkheadConfig().getMaxConcurrentCalls()) {
            slots.changeConfig(slotConfig(calls));
        }
    }

    /**
     * Takes room in the bank's pipeline for up to {@code wanted} work items of a priority, before
     * they are claimed, so no more is claimed than the node's share sends within about the permit
     * wait. P1 and P2 fill at most {@code 100 - p0ReservedPercent} percent of it: the rest stays
     * free for P0 however long their backlog. Give it back with {@link #release}.
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

    /**
     * Takes a slot of the calls in flight and a rate-limit permit for one request, waiting up to the
     * permit wait. On success the caller owns the slot: it ends with {@link #callEnded()} once the
     * request was handed to the pool (however the call ends), or {@link #giveBackSlot()} if it never was.
     *
     * @return null when admitted, else why not and after how long to try again (the slot is not held)
     */
    public <T> LaneResult.NotSent<T> enter() {
        if (!slots.tryAcquirePermission()) {
            return new LaneResult.NotSent<>(LaneResult.Reason.POOL_FULL, Duration.ofMillis(100));
        }
        if (!canSend() || !rateLimit.acquire()) {
            slots.releasePermission();
            return new LaneResult.NotSent<>(LaneResult.Reason.RATE_LIMITED, Duration.ofSeconds(1));
        }
        return null;
    }

    /** Gives back the slot of a request {@link #enter()} admitted that was never handed to the pool. */
    public void giveBackSlot() {
        slots.releasePermission();
    }

    /** Ends the slot of a request handed to the pool, when its call really returned (even past its time limit). */
    public void callEnded() {
        slots.onComplete();
    }

    /**
     * On the pool's thread, at the last moment before the call: counts the request in the exact
     * window, waiting for room up to the permit wait (at least 100 ms).
     *
     * @return whether the request may be sent now
     */
    public boolean leave(Handoff handoff) {
        return handoff.leave(window, windowWaitNanos);
    }

    /** How long the caller waits for the pool's thread to decide whether the request left. */
    public long handoffWaitNanos() {
        return windowWaitNanos + MIN_WINDOW_WAIT_NANOS;
    }

    /** Counts the latency and the verdict of a call that reached the bank; may shrink or grow the rate in use. */
    public void observe(long elapsedNanos, boolean systemFailure) {
        if (pressure.record(elapsedNanos, systemFailure)) {
            LOG.info("bank {}: last {} ms mean latency, {}% system failures; using {}% of this node's share",
                    bankCode, String.format("%.1f", pressure.lastMeanMillis()),
                    String.format("%.1f", pressure.lastErrorRatePercent()), Math.round(pressure.fraction() * 100));
            applyRate(share, false);
        }
    }

    /** Whether this node may send to the bank now (its share is not zero and has not lapsed). */
    public boolean canSend() {
        return rateLimit.rate() > 0 && (!shared || clock.instant().isBefore(freshUntil)
                || System.nanoTime() - freshUntilNanos < 0);
    }

    /** This node's rate for the bank once the last share change took effect, requests per second. */
    public double requestsPerSecond() {
        return rateLimit.rate();
    }

    /** How many requests this node may send to the bank in any window of one second and the spread. */
    public int windowCapacity() {
        return window.capacity();
    }

    /** The backpressure on the bank: the fraction of the share in use and the last window's figures. */
    public BankPressure pressure() {
        return pressure;
    }

    /**
     * The node's share of the bank's rate times the fraction backpressure leaves of it, with bursts
     * and the send window shrunk alike.
     */
    private void applyRate(FleetShare current, boolean delayStart) {
        double fraction = pressure.fraction();
        int burst = Math.max(1, (int) (current.permitsPerCycle(terms) * fraction));
        int budget = current.budget(terms);
        window.resize(budget == 0 ? 0 : Math.max(1, (int) (budget * fraction)));
        rateLimit.change(current.requestsPerSecond(terms) * fraction, burst, delayStart);
    }

    private BulkheadConfig slotConfig(int calls) {
        return BulkheadConfig.custom().maxConcurrentCalls(calls).maxWaitDuration(settings.permitWait()).build();
    }
}
