package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.KeyRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The fault knobs and terms of one simulated bank: latency, timeouts, late arrival, duplicate
 * delivery, "in progress" answers, rejections, outages, quota, a limit of concurrent calls, wrong
 * echoes, key retention, and changes of behaviour from given instants (latency multiplied, a fraction
 * of transfers failed by the bank's system).
 *
 * <p>Built with {@link #custom()} or {@link #from(SimulatedBankConfig)}; every setter validates at
 * once and names the knob, its unit and the bad value. Probabilities are in [0.0, 1.0] and drawn per
 * call from the bank's seeded random source. {@link #ofDefaults()} is a well-behaved bank: no
 * latency, no faults, 1,000 requests per second, no limit of concurrent calls, keys kept 24 hours.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class SimulatedBankConfig {

    /**
     * A window during which the bank is down: {@code from} inclusive, {@code until} exclusive.
     *
     * @param from the first instant of the outage
     * @param until the first instant after it, later than {@code from}
     */
    public record Outage(Instant from, Instant until) {
        /** Validates the window. */
        public Outage {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("outage until " + until + " must be after from " + from);
            }
        }

        /** Whether {@code now} falls in the window. */
        public boolean covers(Instant now) {
            return !now.isBefore(from) && now.isBefore(until);
        }
    }

    /**
     * From {@code from} on, every call's drawn latency is multiplied by {@code factor}, until a change
     * with a later {@code from} takes over (a factor of 1.0 restores the configured latency).
     * Immutable and thread-safe.
     *
     * @param from the first instant the factor applies
     * @param factor the multiplier, positive and at most {@link SimulatedBankConfig#MAX_LATENCY_FACTOR}
     */
    public record LatencyChange(Instant from, double factor) {
        /** Validates the change, naming the bad value. */
        public LatencyChange {
            Objects.requireNonNull(from, "from");
            if (!(factor > 0.0 && factor <= MAX_LATENCY_FACTOR)) {
                throw new IllegalArgumentException("latencyFactor must be positive and at most " + MAX_LATENCY_FACTOR
                        + " (a multiplier), was " + factor);
            }
        }
    }

    /**
     * From {@code from} on, each transfer fails as {@code failure} with probability {@code fraction}
     * (drawn from the bank's seeded random source), until a change with a later {@code from} takes over
     * (a fraction of 0.0 ends the failures). The concurrency limit, the quota, outages and scripted
     * faults come first; inquiries are not failed. Immutable and thread-safe.
     *
     * @param from the first instant the fraction applies
     * @param fraction the probability that a transfer fails, in [0.0, 1.0]
     * @param failure how it fails
     */
    public record FailureChange(Instant from, double fraction, SystemFailure failure) {
        /** Validates the change, naming the bad value. */
        public FailureChange {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(failure, "failure");
            if (!(fraction >= 0.0 && fraction <= 1.0)) {
                throw new IllegalArgumentException("systemFailureFraction must be a probability between 0.0 and 1.0, was "
                        + fraction);
            }
        }
    }

    /** The largest latency factor a {@link LatencyChange} accepts. */
    public static final double MAX_LATENCY_FACTOR = 1_000.0;

    final Duration latencyMin;
    final Duration latencyMax;
    final double timeoutBeforeExecuting;
    final double timeoutAfterExecuting;
    final double lateArrival;
    final Duration lateDelayMin;
    final Duration lateDelayMax;
    final double inProgress;
    final double duplicateDelivery;
    final double insufficientFunds;
    final double accountClosed;
    final double invalidAccount;
    final double wrongEcho;
    final List<EchoField> wrongEchoFields;
    final List<Outage> outages;
    final int requestsPerSecond;
    /** The most calls in flight, or 0 for no limit. */
    final int maxConcurrentCalls;
    final KeyRetention keyRetention;
    /** By {@code from}, stable: of equal instants the one added last wins. */
    final List<LatencyChange> latencyChanges;
    /** By {@code from}, stable: of equal instants the one added last wins. */
    final List<FailureChange> failureChanges;

    private SimulatedBankConfig(SimulatedBankConfigBuilder b) {
        latencyMin = b.latencyMin;
        latencyMax = b.latencyMax;
        timeoutBeforeExecuting = b.timeoutBeforeExecuting;
        timeoutAfterExecuting = b.timeoutAfterExecuting;
        lateArrival = b.lateArrival;
        lateDelayMin = b.lateDelayMin;
        lateDelayMax = b.lateDelayMax;
        inProgress = b.inProgress;
        duplicateDelivery = b.duplicateDelivery;
        insufficientFunds = b.insufficientFunds;
        accountClosed = b.accountClosed;
        invalidAccount = b.invalidAccount;
        wrongEcho = b.wrongEcho;
        wrongEchoFields = List.copyOf(b.wrongEchoFields);
        outages = List.copyOf(b.outages);
        requestsPerSecond = b.requestsPerSecond;
        maxConcurrentCalls = b.maxConcurrentCalls;
        keyRetention = b.keyRetention;
        latencyChanges = b.latencyChanges.stream().sorted(Comparator.comparing(LatencyChange::from)).toList();
        failureChanges = b.failureChanges.stream().sorted(Comparator.comparing(FailureChange::from)).toList();
    }

    static SimulatedBankConfig build(SimulatedBankConfigBuilder builder) {
        return new SimulatedBankConfig(builder);
    }

    /** A well-behaved bank: no latency, no faults, 1,000 requests per second, no concurrency limit, keys kept 24 hours. */
    public static SimulatedBankConfig ofDefaults() {
        return custom().build();
    }

    /** A builder starting from the defaults. */
    public static SimulatedBankConfigBuilder custom() {
        return new SimulatedBankConfigBuilder();
    }

    /** A builder starting from {@code config}'s values. */
    public static SimulatedBankConfigBuilder from(SimulatedBankConfig config) {
        return new SimulatedBankConfigBuilder(config);
    }

    /** The terms a client of this bank declares. */
    public BankTerms terms() {
        return new BankTerms(keyRetention, requestsPerSecond);
    }

    /** The fields a wrong echo may corrupt, in {@link EchoField} order; one is drawn per wrong echo. */
    public List<EchoField> wrongEchoFields() {
        return wrongEchoFields;
    }

    /** The outage windows, in the order they were added. */
    public List<Outage> outages() {
        return outages;
    }

    /** The most calls (transfers and inquiries) the bank lets be in flight at once; empty when unlimited. */
    public OptionalInt maxConcurrentCalls() {
        return maxConcurrentCalls == 0 ? OptionalInt.empty() : OptionalInt.of(maxConcurrentCalls);
    }

    /** The latency changes, ordered by their instant (of equal instants, the one added last is last). */
    public List<LatencyChange> latencyChanges() {
        return latencyChanges;
    }

    /** The failure changes, ordered by their instant (of equal instants, the one added last is last). */
    public List<FailureChange> failureChanges() {
        return failureChanges;
    }

    /** The latency factor in effect at {@code now}: that of the last change from at or before it, else 1. */
    double latencyFactorAt(Instant now) {
        double factor = 1.0;
        for (LatencyChange change : latencyChanges) {
            if (change.from().isAfter(now)) {
                break;
            }
            factor = change.factor();
        }
        return factor;
    }

    /** The failure change in effect at {@code now}, or null. */
    FailureChange failureChangeAt(Instant now) {
        FailureChange current = null;
        for (FailureChange change : failureChanges) {
            if (change.from().isAfter(now)) {
                break;
            }
            current = change;
        }
        return current;
    }

    /** The outage covering {@code now}, if any. */
    Outage outageAt(Instant now) {
        for (Outage outage : outages) {
            if (outage.covers(now)) {
                return outage;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "SimulatedBankConfig[latency=" + latencyMin + ".." + latencyMax
                + ", timeoutBefore=" + timeoutBeforeExecuting + ", timeoutAfter=" + timeoutAfterExecuting
                + ", lateArrival=" + lateArrival + " after " + lateDelayMin + ".." + lateDelayMax
                + ", inProgress=" + inProgress + ", duplicateDelivery=" + duplicateDelivery
                + ", insufficientFunds=" + insufficientFunds + ", accountClosed=" + accountClosed
                + ", invalidAccount=" + invalidAccount + ", wrongEcho=" + wrongEcho + " of " + wrongEchoFields + ", outages=" + outages
                + ", requestsPerSecond=" + requestsPerSecond
                + ", maxConcurrentCalls=" + (maxConcurrentCalls == 0 ? "unlimited" : maxConcurrentCalls)
                + ", keyRetention=" + keyRetention + ", latencyChanges=" + latencyChanges
                + ", failureChanges=" + failureChanges + "]";
    }

    static List<Outage> copyOutages(SimulatedBankConfig config) {
        return new ArrayList<>(config.outages);
    }

    static List<LatencyChange> copyLatencyChanges(SimulatedBankConfig config) {
        return new ArrayList<>(config.latencyChanges);
    }

    static List<FailureChange> copyFailureChanges(SimulatedBankConfig config) {
        return new ArrayList<>(config.failureChanges);
    }
}
