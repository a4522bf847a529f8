package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.KeyRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fault knobs and terms of one simulated bank: latency, timeouts, late arrival, duplicate
 * delivery, "in progress" answers, rejections, outages, quota, wrong echoes and key retention.
 *
 * <p>Built with {@link #custom()} or {@link #from(SimulatedBankConfig)}; every setter validates at
 * once and names the knob, its unit and the bad value. Probabilities are in [0.0, 1.0] and drawn per
 * call from the bank's seeded random source. {@link #ofDefaults()} is a well-behaved bank: no
 * latency, no faults, 1,000 requests per second, keys kept 24 hours.
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
    final KeyRetention keyRetention;

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
        keyRetention = b.keyRetention;
    }

    static SimulatedBankConfig build(SimulatedBankConfigBuilder builder) {
        return new SimulatedBankConfig(builder);
    }

    /** A well-behaved bank: no latency, no faults, 1,000 requests per second, keys kept 24 hours. */
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
                + ", requestsPerSecond=" + requestsPerSecond + ", keyRetention=" + keyRetention + "]";
    }

    static List<Outage> copyOutages(SimulatedBankConfig config) {
        return new ArrayList<>(config.outages);
    }
}
