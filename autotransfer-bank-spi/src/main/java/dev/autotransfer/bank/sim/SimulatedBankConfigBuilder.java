package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.KeyRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link SimulatedBankConfig}; every setter validates at once and names the knob, its unit
 * and the bad value.
 *
 * <p>Not thread-safe; the config it builds is immutable.
 */
public final class SimulatedBankConfigBuilder {

    Duration latencyMin = Duration.ZERO;
    Duration latencyMax = Duration.ZERO;
    double timeoutBeforeExecuting;
    double timeoutAfterExecuting;
    double lateArrival;
    Duration lateDelayMin = Duration.ofSeconds(5);
    Duration lateDelayMax = Duration.ofSeconds(5);
    double inProgress;
    double duplicateDelivery;
    double insufficientFunds;
    double accountClosed;
    double invalidAccount;
    double wrongEcho;
    EnumSet<EchoField> wrongEchoFields = EnumSet.allOf(EchoField.class);
    List<SimulatedBankConfig.Outage> outages = new ArrayList<>();
    int requestsPerSecond = 1_000;
    int maxConcurrentCalls;
    KeyRetention keyRetention = KeyRetention.of(Duration.ofHours(24));
    List<SimulatedBankConfig.LatencyChange> latencyChanges = new ArrayList<>();
    List<SimulatedBankConfig.FailureChange> failureChanges = new ArrayList<>();

    SimulatedBankConfigBuilder() {
    }

    SimulatedBankConfigBuilder(SimulatedBankConfig c) {
        latencyMin = c.latencyMin;
        latencyMax = c.latencyMax;
        timeoutBeforeExecuting = c.timeoutBeforeExecuting;
        timeoutAfterExecuting = c.timeoutAfterExecuting;
        lateArrival = c.lateArrival;
        lateDelayMin = c.lateDelayMin;
        lateDelayMax = c.lateDelayMax;
        inProgress = c.inProgress;
        duplicateDelivery = c.duplicateDelivery;
        insufficientFunds = c.insufficientFunds;
        accountClosed = c.accountClosed;
        invalidAccount = c.invalidAccount;
        wrongEcho = c.wrongEcho;
        wrongEchoFields = EnumSet.copyOf(c.wrongEchoFields);
        outages = SimulatedBankConfig.copyOutages(c);
        requestsPerSecond = c.requestsPerSecond;
        maxConcurrentCalls = c.maxConcurrentCalls;
        keyRetention = c.keyRetention;
        latencyChanges = SimulatedBankConfig.copyLatencyChanges(c);
        failureChanges = SimulatedBankConfig.copyFailureChanges(c);
    }

    /** Every call takes exactly {@code latency} (spent through the bank's {@link Sleeper}). */
    public SimulatedBankConfigBuilder fixedLatency(Duration latency) {
        return randomLatency(latency, latency);
    }

    /** Every call takes a uniformly drawn latency in [{@code min}, {@code max}]. */
    public SimulatedBankConfigBuilder randomLatency(Duration min, Duration max) {
        checkRange("latency", min, max);
        latencyMin = min;
        latencyMax = max;
        return this;
    }

    /** Probability that a request is lost before executing and answered {@code Unknown(TIMEOUT)}. */
    public SimulatedBankConfigBuilder timeoutBeforeExecutingProbability(double probability) {
        timeoutBeforeExecuting = probability("timeoutBeforeExecutingProbability", probability);
        return this;
    }

    /** Probability that a request executes but is answered {@code Unknown(TIMEOUT)}. */
    public SimulatedBankConfigBuilder timeoutAfterExecutingProbability(double probability) {
        timeoutAfterExecuting = probability("timeoutAfterExecutingProbability", probability);
        return this;
    }

    /** Probability that a request lost before executing arrives later, after the late arrival delay. */
    public SimulatedBankConfigBuilder lateArrivalProbability(double probability) {
        lateArrival = probability("lateArrivalProbability", probability);
        return this;
    }

    /** How long after its timeout a late request arrives: uniformly in [{@code min}, {@code max}]. */
    public SimulatedBankConfigBuilder lateArrivalDelay(Duration min, Duration max) {
        checkRange("lateArrivalDelay", min, max);
        lateDelayMin = min;
        lateDelayMax = max;
        return this;
    }

    /**
     * Probability that the bank acknowledges a late request as queued: until it executes, re-sends
     * answer {@code Unknown(IN_PROGRESS)} and inquiries {@code InProgress} instead of not found.
     */
    public SimulatedBankConfigBuilder inProgressProbability(double probability) {
        inProgress = probability("inProgressProbability", probability);
        return this;
    }

    /** Probability that a request is processed twice internally. */
    public SimulatedBankConfigBuilder duplicateDeliveryProbability(double probability) {
        duplicateDelivery = probability("duplicateDeliveryProbability", probability);
        return this;
    }

    /** Probability of {@code INSUFFICIENT_FUNDS} on a new key, besides a really short balance. */
    public SimulatedBankConfigBuilder insufficientFundsProbability(double probability) {
        insufficientFunds = probability("insufficientFundsProbability", probability);
        return this;
    }

    /** Probability of {@code ACCOUNT_CLOSED} on a new key, besides really closed accounts. */
    public SimulatedBankConfigBuilder accountClosedProbability(double probability) {
        accountClosed = probability("accountClosedProbability", probability);
        return this;
    }

    /** Probability of {@code INVALID_ACCOUNT} on a new key, besides really unknown accounts. */
    public SimulatedBankConfigBuilder invalidAccountProbability(double probability) {
        invalidAccount = probability("invalidAccountProbability", probability);
        return this;
    }

    /**
     * Probability that an executed request is answered with a wrong echo: one field of the echo, drawn
     * (seeded) from {@link #wrongEchoFields(EchoField...)} (all fields by default), differs from the
     * request. The debit itself executes as requested.
     */
    public SimulatedBankConfigBuilder wrongEchoProbability(double probability) {
        wrongEcho = probability("wrongEchoProbability", probability);
        return this;
    }

    /**
     * The echo fields a wrong echo may corrupt; one is drawn per wrong echo (nothing is drawn when only
     * one is given). The default is every {@link EchoField}.
     */
    public SimulatedBankConfigBuilder wrongEchoFields(EchoField... fields) {
        Objects.requireNonNull(fields, "wrongEchoFields");
        if (fields.length == 0) {
            throw new IllegalArgumentException("wrongEchoFields must name at least one of "
                    + EnumSet.allOf(EchoField.class) + ", was empty");
        }
        EnumSet<EchoField> set = EnumSet.noneOf(EchoField.class);
        for (EchoField field : fields) {
            set.add(Objects.requireNonNull(field, "wrongEchoFields element"));
        }
        wrongEchoFields = set;
        return this;
    }

    /** Adds an outage from {@code from} (inclusive) to {@code until} (exclusive). */
    public SimulatedBankConfigBuilder outage(Instant from, Instant until) {
        outages.add(new SimulatedBankConfig.Outage(from, until));
        return this;
    }

    /**
     * The bank's quota of transfer requests over a sliding second of the simulation clock: a transfer
     * arriving at {@code t} when {@code quota} transfers were already admitted in {@code (t - 1 s, t]} is
     * refused {@code RATE_LIMITED} (not processed, a not-sent refusal). Inquiries are not counted.
     */
    public SimulatedBankConfigBuilder requestsPerSecond(int quota) {
        if (quota <= 0) {
            throw new IllegalArgumentException("requestsPerSecond must be positive (requests per second), was " + quota);
        }
        requestsPerSecond = quota;
        return this;
    }

    /**
     * The most calls (transfers and inquiries) the bank lets be in flight at once, counted from arrival
     * until the answer leaves (latency included): a transfer arriving while {@code limit} calls are in
     * flight is refused {@link SimulatedBank#CONCURRENCY_LIMITED} (not processed, a not-sent refusal),
     * an inquiry is answered {@code Unavailable}. Checked before the quota, so a refused call uses none.
     */
    public SimulatedBankConfigBuilder maxConcurrentCalls(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("maxConcurrentCalls must be positive (calls in flight), was " + limit);
        }
        maxConcurrentCalls = limit;
        return this;
    }

    /** No limit of calls in flight (the default); the highest number in flight is still recorded. */
    public SimulatedBankConfigBuilder unlimitedConcurrentCalls() {
        maxConcurrentCalls = 0;
        return this;
    }

    /**
     * From {@code from} on, every call's latency is multiplied by {@code factor} (positive, at most
     * {@link SimulatedBankConfig#MAX_LATENCY_FACTOR}), until a change with a later instant takes over;
     * a factor of 1.0 restores the configured latency. The factor is read at the call's arrival.
     */
    public SimulatedBankConfigBuilder latencyFactorFrom(Instant from, double factor) {
        latencyChanges.add(new SimulatedBankConfig.LatencyChange(from, factor));
        return this;
    }

    /**
     * From {@code from} on, each transfer fails as {@code failure} with probability {@code fraction} (in
     * [0.0, 1.0], drawn from the seeded random source), until a change with a later instant takes over; a
     * fraction of 0.0 ends the failures. The concurrency limit, the quota, outages and scripted faults
     * come first; inquiries are not failed.
     */
    public SimulatedBankConfigBuilder systemFailuresFrom(Instant from, double fraction, SystemFailure failure) {
        failureChanges.add(new SimulatedBankConfig.FailureChange(from, fraction, failure));
        return this;
    }

    /** How long the bank remembers keys from their first receipt. */
    public SimulatedBankConfigBuilder keyRetention(KeyRetention retention) {
        keyRetention = Objects.requireNonNull(retention, "keyRetention");
        return this;
    }

    /** Shorthand for {@code keyRetention(KeyRetention.of(duration))}. */
    public SimulatedBankConfigBuilder keyRetention(Duration duration) {
        return keyRetention(KeyRetention.of(duration));
    }

    /** The immutable config. */
    public SimulatedBankConfig build() {
        return SimulatedBankConfig.build(this);
    }

    private static double probability(String knob, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(knob + " must be a probability between 0.0 and 1.0, was " + value);
        }
        return value;
    }

    private static void checkRange(String knob, Duration min, Duration max) {
        Objects.requireNonNull(min, knob + " min");
        Objects.requireNonNull(max, knob + " max");
        if (min.isNegative()) {
            throw new IllegalArgumentException(knob + " min must not be negative (a duration), was " + min);
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException(knob + " max must be at least min " + min + " (a duration), was " + max);
        }
    }
}
