package dev.autotransfer.internal.bankcall;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.internal.fleet.FleetShare;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Step 4 of the protocol for one bank: {@link BankAdmission} first (a slot of the calls in flight and
 * a rate-limit permit, outside the time limit), then {@link GuardedCall} (the circuit breaker, the
 * bank's own pool, the time limit); on the pool's thread, at the last moment before the call, the
 * request is counted in the share's exact window and waits there for room if need be.
 *
 * <p>No slot, permit or room in the window within the permit wait, circuit open, or refused by the
 * bank's own quota: the call was not sent. A timeout, an exception or an uncertain answer is an
 * answer: the call may have executed. Business rejections never count against the breaker.
 * Thread-safe; {@link #close()} stops the pool.
 */
public final class BankLane implements AutoCloseable {

    private final BankClient client;
    private final Clock clock;
    private final BankAdmission admission;
    private final GuardedCall guard;

    /**
     * @param bankCode the bank, for names of the pool threads and the resilience components
     * @param client the bank's client; its terms give the quota
     * @param settings the guards
     * @param clock the clock of the circuit breaker and of the share's validity (tests pass a controllable one)
     * @param threads creates the pool's threads (for example virtual threads on Java 21+)
     */
    public BankLane(String bankCode, BankClient client, LaneSettings settings, Clock clock, ThreadFactory threads) {
        this.client = client;
        this.clock = clock;
        this.admission = new BankAdmission(bankCode, client.terms(), settings, clock);
        this.guard = new GuardedCall(bankCode, settings, clock, threads);
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

    /** Applies this node's share, valid until an instant by the clock and by {@link System#nanoTime()}. */
    public void share(FleetShare share, Instant validUntil, long validUntilNanos) {
        admission.share(share, validUntil, validUntilNanos);
    }

    /** See {@link BankAdmission#admit}. */
    public int admit(Priority priority, int wanted) {
        return admission.admit(priority, wanted);
    }

    /** Gives back room taken by {@link #admit}. */
    public void release(Priority priority, int admitted) {
        admission.release(priority, admitted);
    }

    /** Whether this node may send to the bank now (its share is not zero and has not lapsed). */
    public boolean canSend() {
        return admission.canSend();
    }

    /** This node's rate for the bank once the last share change took effect, requests per second. */
    public double requestsPerSecond() {
        return admission.requestsPerSecond();
    }

    /** How many requests this node may send to the bank in any window of one second and the spread. */
    public int windowCapacity() {
        return admission.windowCapacity();
    }

    /** The backpressure on the bank: the fraction of the share in use and the last window's figures. */
    public BankPressure pressure() {
        return admission.pressure();
    }

    /** Whether the breaker is open and its wait has not passed (see {@link GuardedCall#isOpen()}). */
    public boolean isOpen() {
        return guard.isOpen();
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
                answer -> answer instanceof InquiryResult.Unavailable ? CallVerdict.FAILURE : CallVerdict.SUCCESS);
    }

    private <T> LaneResult<T> call(Callable<T> task, Function<Throwable, T> uncertain,
            Function<T, CallVerdict> judge) {
        LaneResult.NotSent<T> refused = admission.enter();
        if (refused != null) {
            return refused;
        }
        boolean handedOver = false;
        try {
            if (!guard.tryEnter()) {
                return new LaneResult.NotSent<>(LaneResult.Reason.CIRCUIT_OPEN, guard.openWait());
            }
            Handoff handoff = new Handoff();
            Future<T> future = guard.submit(() -> {
                try {
                    if (!admission.leave(handoff)) {
                        throw new NoRoomInWindow();
                    }
                    return task.call();
                } finally {
                    admission.callEnded();
                }
            });
            if (future == null) {
                return new LaneResult.NotSent<>(LaneResult.Reason.POOL_FULL, Duration.ofMillis(100));
            }
            handedOver = true;
            // the pool's thread may take the whole window wait, and a little more to be scheduled at all
            if (!handoff.awaitLeft(admission.handoffWaitNanos())) {
                // not cancelled: a task cancelled before it ran would never give its slot back; it sees
                // it was given up on and ends
                guard.notSent();
                return new LaneResult.NotSent<>(LaneResult.Reason.RATE_LIMITED, Duration.ofMillis(100));
            }
            long start = handoff.leftAt();
            T answer = guard.await(future, start, uncertain);
            CallVerdict verdict = judge.apply(answer);
            long elapsed = System.nanoTime() - start;
            if (verdict != CallVerdict.NOT_SENT) {
                admission.observe(elapsed, verdict == CallVerdict.FAILURE);
            }
            guard.answered(verdict, elapsed);
            if (verdict == CallVerdict.NOT_SENT) {
                return new LaneResult.NotSent<>(LaneResult.Reason.REFUSED_BY_BANK, Duration.ofSeconds(1));
            }
            return new LaneResult.Answered<>(answer);
        } finally {
            if (!handedOver) {
                admission.giveBackSlot();
            }
        }
    }

    private static CallVerdict verdict(TransferOutcome outcome) {
        if (outcome instanceof TransferOutcome.Accepted) {
            return CallVerdict.SUCCESS;
        }
        if (outcome instanceof TransferOutcome.Rejected rejected) {
            RejectionCode.Kind kind = rejected.code().kind();
            if (kind == RejectionCode.Kind.NOT_SENT) {
                return CallVerdict.NOT_SENT;
            }
            return kind.tripsCircuitBreaker() ? CallVerdict.FAILURE : CallVerdict.NEUTRAL;
        }
        return CallVerdict.FAILURE;
    }

    private static String describe(Throwable failure) {
        return failure instanceof TimeoutException ? "no answer within the time limit"
                : failure.getClass().getSimpleName();
    }

    @Override
    public void close() {
        guard.close();
    }

    /** Ends the pool's task of a request that did not leave (no room in the send window in time): nothing was sent. */
    private static final class NoRoomInWindow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoRoomInWindow() {
            super("no room in the bank's send window", null, false, false);
        }
    }
}
