package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated bank's front desk: admits requests through the concurrency gate, quota, outage and
 * fault decisions, runs them against its {@link KeyBook}, answers inquiries and delivers late
 * requests. Every method runs under the simulation's lock; latency is spent by the caller between
 * {@link #admit} and {@link #answer} (or {@link #enterInquiry} and {@link #inquire}), outside the lock.
 */
final class BankDesk {

    /**
     * What admission decided: an early answer, or go on to processing with the drawn faults; and whether
     * the call was let through the concurrency gate (so it must leave it when it answers).
     */
    record Admission(Duration latency, TransferOutcome earlyAnswer, boolean timeoutAfter, boolean serverErrorAfter,
            boolean duplicate, boolean entered) {
        boolean proceeds() {
            return earlyAnswer == null;
        }
    }

    /** The due time of scripted late requests: only {@link #deliverDue(Instant, boolean)} with {@code all} delivers them. */
    private static final Instant HELD = Instant.MAX;

    private record LateRequest(TransferRequest request, Instant dueAt, boolean acknowledged, long order) {
    }

    final Counters counters;
    private final Dice dice;
    private final Teller teller;
    private final KeyBook keys = new KeyBook();
    /** Guards the rate meter: arrivals are counted in the order they take it. */
    private final Object arrivals = new Object();
    private final RateMeter rate = new RateMeter();
    private final CallGate gate = new CallGate();
    private final List<LateRequest> late = new ArrayList<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final ArrayDeque<ScriptedFault> script = new ArrayDeque<>();
    private long lateOrder;
    /** Replaced under the bank's lock, read without it by {@link #arrive}. */
    volatile SimulatedBankConfig config;

    BankDesk(Dice dice, Teller teller, SimulatedBankConfig config, Counters counters) {
        this.counters = counters;
        this.dice = dice;
        this.teller = teller;
        this.config = config;
    }

    void script(ScriptedFault fault) {
        script.addLast(fault);
    }

    /** What became of a transfer on arrival, before it queued for the bank's lock. */
    enum Arrival { ADMITTED, CONCURRENCY_LIMITED, RATE_LIMITED }

    /**
     * Counts a transfer arriving now by {@code clock}, as a bank's gateway does before the bank
     * processes it: through the limit of calls in flight, then the quota (a call refused for
     * concurrency uses none of the quota). Called without the bank's lock, so the order and the time
     * of arrival are not those of the queue for it.
     */
    Arrival arrive(Clock clock) {
        SimulatedBankConfig current = config;
        synchronized (arrivals) {
            Instant now = clock.instant();
            rate.arrive(now);
            if (!gate.enter(current.maxConcurrentCalls)) {
                return Arrival.CONCURRENCY_LIMITED;
            }
            return rate.admit(now, current.requestsPerSecond) ? Arrival.ADMITTED : Arrival.RATE_LIMITED;
        }
    }

    /**
     * Admits a transfer that {@linkplain #arrive arrived}; under the bank's lock.
     *
     * @param arrival what became of it on arrival
     */
    Admission admit(TransferRequest request, Instant now, Arrival arrival) {
        deliverDue(now);
        counters.received(request.idempotencyKey());
        Duration latency = drawLatency(now);
        if (arrival == Arrival.CONCURRENCY_LIMITED) {
            counters.concurrencyLimitedCalls++;
            return new Admission(latency, Teller.reject(SimulatedBank.CONCURRENCY_LIMITED, true,
                    config.maxConcurrentCalls + " calls in flight, the bank's limit; not processed"),
                    false, false, false, false);
        }
        if (arrival == Arrival.RATE_LIMITED) {
            counters.rateLimitedAnswers++;
            return early(latency, Teller.reject(RejectionCode.RATE_LIMITED, true,
                    "quota of " + config.requestsPerSecond + " requests per second exceeded; not processed"));
        }
        SimulatedBankConfig.Outage outage = config.outageAt(now);
        if (outage != null) {
            counters.outageTransfers++;
            return early(latency, refuseUnavailable(request, now, "simulated outage until " + outage.until()));
        }
        ScriptedFault scripted = script.pollFirst();
        SystemFailure failure = scripted == null ? drawSystemFailure(now) : null;
        if (failure == SystemFailure.REFUSED_UNAVAILABLE) {
            counters.randomSystemFailures++;
            return early(latency, refuseUnavailable(request, now, "simulated system failure"));
        }
        if (failure == SystemFailure.BANK_ERROR_BEFORE_EXECUTING) {
            counters.randomSystemFailures++;
            return early(latency, new TransferOutcome.Unknown(UnknownReason.BANK_ERROR,
                    "simulated: HTTP 503 Service Unavailable from the gateway before the bank processed the request"));
        }
        boolean scriptedLate = scripted == ScriptedFault.LATE_ARRIVAL || scripted == ScriptedFault.LATE_ARRIVAL_IN_PROGRESS;
        boolean lostBefore = scripted == null
                ? failure == null && drawn(config.timeoutBeforeExecuting, () -> counters.randomTimeoutsBeforeExecuting++)
                : scripted == ScriptedFault.TIMEOUT_BEFORE_EXECUTING || scriptedLate;
        if (lostBefore) {
            if (scripted != null) {
                counters.scriptedFaults++;
            }
            if (scriptedLate || (scripted == null && drawn(config.lateArrival, () -> counters.randomLateArrivals++))) {
                boolean acknowledged = scripted == ScriptedFault.LATE_ARRIVAL_IN_PROGRESS
                        || (scripted == null && drawn(config.inProgress, () -> counters.randomAcknowledgedLateArrivals++));
                Instant dueAt = scriptedLate ? HELD : now.plus(dice.between(config.lateDelayMin, config.lateDelayMax));
                late.add(new LateRequest(request, dueAt, acknowledged, lateOrder++));
            }
            return early(latency, new TransferOutcome.Unknown(UnknownReason.TIMEOUT,
                    "simulated: timed out before the bank executed the request"));
        }
        String key = request.idempotencyKey();
        if (keys.find(key, now, config.keyRetention) == null && isPending(key)) {
            if (scripted != null) {
                script.addFirst(scripted);
            }
            counters.inProgressAnswers++;
            return early(latency, new TransferOutcome.Unknown(UnknownReason.IN_PROGRESS,
                    "simulated: the bank is still processing this key"));
        }
        if (scripted != null) {
            counters.scriptedFaults++;
        }
        inFlight.merge(key, 1, Integer::sum);
        boolean timeoutAfter = scripted == null
                ? failure == null && drawn(config.timeoutAfterExecuting, () -> counters.randomTimeoutsAfterExecuting++)
                : scripted == ScriptedFault.TIMEOUT_AFTER_EXECUTING;
        boolean duplicate = scripted == null
                ? drawn(config.duplicateDelivery, () -> counters.randomDuplicateDeliveries++)
                : scripted == ScriptedFault.DUPLICATE_DELIVERY;
        if (failure == SystemFailure.BANK_ERROR_AFTER_EXECUTING) {
            counters.randomSystemFailures++;
        }
        boolean serverErrorAfter = scripted == ScriptedFault.SERVER_ERROR_AFTER_EXECUTING
                || failure == SystemFailure.BANK_ERROR_AFTER_EXECUTING;
        return new Admission(latency, null, timeoutAfter, serverErrorAfter, duplicate, true);
    }

    /** The answer of an admitted transfer once its latency is spent: the early answer, or processing's. */
    TransferOutcome answer(TransferRequest request, Admission admission, Instant now) {
        if (admission.entered()) {
            gate.leave();
        }
        return admission.proceeds() ? complete(request, admission, now) : admission.earlyAnswer();
    }

    /** A call admitted (let through the gate) that will not answer, because spending its latency failed. */
    void abandon(boolean entered) {
        if (entered) {
            gate.leave();
        }
    }

    /** Lets an inquiry through the concurrency gate, or counts its refusal; false when refused. */
    boolean enterInquiry() {
        if (gate.enter(config.maxConcurrentCalls)) {
            return true;
        }
        counters.concurrencyLimitedCalls++;
        return false;
    }

    private TransferOutcome complete(TransferRequest request, Admission admission, Instant now) {
        inFlight.computeIfPresent(request.idempotencyKey(), (key, count) -> count == 1 ? null : count - 1);
        TransferOutcome outcome = process(request, now);
        if (admission.duplicate()) {
            counters.duplicateDeliveries++;
            process(request, now);
        }
        if (admission.timeoutAfter()) {
            return new TransferOutcome.Unknown(UnknownReason.TIMEOUT, "simulated: timed out after the bank processed the request");
        }
        if (admission.serverErrorAfter()) {
            return new TransferOutcome.Unknown(UnknownReason.BANK_ERROR,
                    "simulated: HTTP 503 Service Unavailable from the gateway after the bank processed the request");
        }
        return outcome;
    }

    /** Answers an inquiry whose latency is spent; {@code entered} says whether the gate let it in. */
    InquiryResult inquire(String key, Instant now, boolean entered) {
        if (!entered) {
            counters.inquiries++;
            return new InquiryResult.Unavailable(config.maxConcurrentCalls
                    + " calls in flight, the bank's limit; not processed");
        }
        gate.leave();
        deliverDue(now);
        counters.inquiries++;
        SimulatedBankConfig.Outage outage = config.outageAt(now);
        if (outage != null) {
            counters.outageInquiries++;
            return new InquiryResult.Unavailable("simulated outage until " + outage.until());
        }
        KeyBook.Entry entry = keys.find(key, now, config.keyRetention);
        if (entry != null) {
            return entry.outcome() instanceof TransferOutcome.Accepted accepted
                    ? new InquiryResult.Executed(accepted)
                    : new InquiryResult.Rejected((TransferOutcome.Rejected) entry.outcome());
        }
        if (isPending(key)) {
            counters.inProgressAnswers++;
            return new InquiryResult.InProgress();
        }
        return new InquiryResult.NotFound();
    }

    /** Processes every late request whose delay has passed, unless the bank is down; returns how many. */
    int deliverDue(Instant now) {
        return deliverDue(now, false);
    }

    /** Processes late requests due by {@code now}, or all of them, unless the bank is down; returns how many. */
    int deliverDue(Instant now, boolean all) {
        if (late.isEmpty() || config.outageAt(now) != null) {
            return 0;
        }
        List<LateRequest> due = new ArrayList<>();
        late.removeIf(request -> (all || !request.dueAt().isAfter(now)) && due.add(request));
        due.sort(Comparator.comparing(LateRequest::dueAt).thenComparingLong(LateRequest::order));
        for (LateRequest request : due) {
            counters.lateDeliveries++;
            process(request.request(), now);
        }
        return due.size();
    }

    int pendingLateRequests() {
        return late.size();
    }

    int maxObservedPerSecond() {
        synchronized (arrivals) {
            return rate.maxArrivedPerSecond();
        }
    }

    int callsInFlight() {
        return gate.inFlight();
    }

    int maxCallsInFlight() {
        return gate.maxInFlight();
    }

    int forgottenKeys() {
        return keys.forgottenCount();
    }

    /** A latency drawn from the config, multiplied by the latency factor in effect at {@code now}. */
    Duration drawLatency(Instant now) {
        Duration drawn = dice.between(config.latencyMin, config.latencyMax);
        double factor = config.latencyFactorAt(now);
        if (factor == 1.0 || drawn.isZero()) {
            return drawn;
        }
        double nanos = drawn.toNanos() * factor;
        return nanos >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(Math.round(nanos));
    }

    /** The system failure drawn for a transfer at {@code now}, or null; draws only while a change is in effect. */
    private SystemFailure drawSystemFailure(Instant now) {
        SimulatedBankConfig.FailureChange change = config.failureChangeAt(now);
        return change != null && dice.chance(change.fraction()) ? change.failure() : null;
    }

    private TransferOutcome process(TransferRequest request, Instant now) {
        KeyBook.Entry entry = keys.find(request.idempotencyKey(), now, config.keyRetention);
        if (entry != null) {
            return entry.request().hasSameBodyAs(request) ? entry.outcome()
                    : new TransferOutcome.Unknown(UnknownReason.KEY_REUSED_WITH_OTHER_BODY,
                            "key first received at " + entry.firstReceivedAt() + " with another body");
        }
        if (config.keyRetention.isExpired(request.createdAt(), now)) {
            counters.expiredRequests++;
            return expired(request);
        }
        TransferOutcome outcome = teller.decide(request, now, config);
        keys.remember(request, now, outcome);
        return outcome;
    }

    /**
     * A refusal because the bank is unavailable ({@code why}): a key the bank knows (or is processing)
     * answers {@code Unknown(BANK_ERROR)}, since its record cannot be read. A request older than the key
     * retention is refused {@code REQUEST_EXPIRED} as at any other time (the check needs only the
     * request). Any other new key is refused with {@link RejectionCode#REFUSED_UNAVAILABLE}, which closes
     * it: the simulated bank guarantees it refused before any processing (it remembers the refusal, so a
     * late copy of the request never executes), the only case that code is for.
     */
    private TransferOutcome refuseUnavailable(TransferRequest request, Instant now, String why) {
        String key = request.idempotencyKey();
        if (keys.find(key, now, config.keyRetention) != null || isPending(key)) {
            return new TransferOutcome.Unknown(UnknownReason.BANK_ERROR, why + "; the key's record cannot be read");
        }
        if (config.keyRetention.isExpired(request.createdAt(), now)) {
            counters.expiredRequests++;
            return expired(request);
        }
        TransferOutcome.Rejected refusal = Teller.reject(RejectionCode.REFUSED_UNAVAILABLE, true, why);
        keys.remember(request, now, refusal);
        return refusal;
    }

    private TransferOutcome.Rejected expired(TransferRequest request) {
        return Teller.reject(RejectionCode.REQUEST_EXPIRED, false, "request created at " + request.createdAt()
                + " is older than the key retention " + config.keyRetention);
    }

    private boolean isPending(String key) {
        if (inFlight.containsKey(key)) {
            return true;
        }
        for (LateRequest request : late) {
            if (request.acknowledged() && request.request().idempotencyKey().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Draws a fault with the given probability and counts it when it fires. */
    private boolean drawn(double probability, Runnable count) {
        boolean fired = dice.chance(probability);
        if (fired) {
            count.run();
        }
        return fired;
    }

    private static Admission early(Duration latency, TransferOutcome answer) {
        return new Admission(latency, answer, false, false, false, true);
    }
}
