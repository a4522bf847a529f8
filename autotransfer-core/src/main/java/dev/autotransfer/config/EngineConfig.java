package dev.autotransfer.config;

import dev.autotransfer.domain.Priority;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The engine's settings: chunking, lease, the guards of every bank call, retry limits and backoffs,
 * and the run's clocks and alarms. Built with {@link #builder()}, which holds the defaults; every
 * setter validates its value and names it in the error. Immutable and thread-safe.
 */
public final class EngineConfig {

    static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9_-]{0,16}");

    private final int chunkSize;
    private final int workerThreads;
    private final Duration lease;
    private final Duration bankTimeLimit;
    private final int bankConcurrency;
    private final Duration permitWait;
    private final int breakerFailureRatePercent;
    private final int breakerMinimumCalls;
    private final Duration breakerOpenWait;
    private final Map<Priority, Integer> retryLimits;
    private final Map<String, Integer> codeRetryLimits;
    private final Map<Priority, Duration> retryBackoffs;
    private final Map<Priority, Duration> maxRetryBackoffs;
    private final Duration inquiryBackoff;
    private final Duration maxInquiryBackoff;
    private final double backoffJitter;
    private final Duration parkInterval;
    private final Duration transitAllowance;
    private final Duration maxClockSkew;
    private final Duration heartbeatInterval;
    private final Duration nodeLostAfter;
    private final Duration runMaxDuration;
    private final Duration noProgressAlarmAfter;
    private final Duration pollInterval;
    private final ZoneId businessZone;
    private final String keyPrefix;
    private final int p0ReservedPercent;
    private final int parallelCalls;
    private final Duration shareWait;
    private final Duration storeLatencyLimit;
    private final double bankSlowdownFactor;
    private final int bankStrainPercent;
    private final RolloutPolicy rollout;

    EngineConfig(EngineConfigBuilder b) {
        this.chunkSize = b.chunkSize;
        this.workerThreads = b.workerThreads;
        this.lease = b.lease;
        this.bankTimeLimit = b.bankTimeLimit;
        this.bankConcurrency = b.bankConcurrency;
        this.permitWait = b.permitWait;
        this.breakerFailureRatePercent = b.breakerFailureRatePercent;
        this.breakerMinimumCalls = b.breakerMinimumCalls;
        this.breakerOpenWait = b.breakerOpenWait;
        this.retryLimits = Map.copyOf(b.retryLimits);
        this.codeRetryLimits = Map.copyOf(b.codeRetryLimits);
        this.retryBackoffs = Map.copyOf(b.retryBackoffs);
        this.maxRetryBackoffs = Map.copyOf(b.maxRetryBackoffs);
        this.inquiryBackoff = b.inquiryBackoff;
        this.maxInquiryBackoff = b.maxInquiryBackoff;
        this.backoffJitter = b.backoffJitter;
        this.parkInterval = b.parkInterval;
        this.transitAllowance = b.transitAllowance;
        this.maxClockSkew = b.maxClockSkew;
        this.heartbeatInterval = b.heartbeatInterval;
        this.nodeLostAfter = b.nodeLostAfter;
        this.runMaxDuration = b.runMaxDuration;
        this.noProgressAlarmAfter = b.noProgressAlarmAfter;
        this.pollInterval = b.pollInterval;
        this.businessZone = b.businessZone;
        this.keyPrefix = b.keyPrefix;
        this.p0ReservedPercent = b.p0ReservedPercent;
        this.parallelCalls = b.parallelCalls;
        this.shareWait = b.shareWait != null ? b.shareWait : b.heartbeatInterval.multipliedBy(2);
        this.storeLatencyLimit = b.storeLatencyLimit;
        this.bankSlowdownFactor = b.bankSlowdownFactor;
        this.bankStrainPercent = b.bankStrainPercent;
        this.rollout = b.rollout;
    }

    private EngineConfig(EngineConfig base, String keyPrefix) {
        this.chunkSize = base.chunkSize;
        this.workerThreads = base.workerThreads;
        this.lease = base.lease;
        this.bankTimeLimit = base.bankTimeLimit;
        this.bankConcurrency = base.bankConcurrency;
        this.permitWait = base.permitWait;
        this.breakerFailureRatePercent = base.breakerFailureRatePercent;
        this.breakerMinimumCalls = base.breakerMinimumCalls;
        this.breakerOpenWait = base.breakerOpenWait;
        this.retryLimits = base.retryLimits;
        this.codeRetryLimits = base.codeRetryLimits;
        this.retryBackoffs = base.retryBackoffs;
        this.maxRetryBackoffs = base.maxRetryBackoffs;
        this.inquiryBackoff = base.inquiryBackoff;
        this.maxInquiryBackoff = base.maxInquiryBackoff;
        this.backoffJitter = base.backoffJitter;
        this.parkInterval = base.parkInterval;
        this.transitAllowance = base.transitAllowance;
        this.maxClockSkew = base.maxClockSkew;
        this.heartbeatInterval = base.heartbeatInterval;
        this.nodeLostAfter = base.nodeLostAfter;
        this.runMaxDuration = base.runMaxDuration;
        this.noProgressAlarmAfter = base.noProgressAlarmAfter;
        this.pollInterval = base.pollInterval;
        this.businessZone = base.businessZone;
        this.keyPrefix = keyPrefix;
        this.p0ReservedPercent = base.p0ReservedPercent;
        this.parallelCalls = base.parallelCalls;
        this.shareWait = base.shareWait;
        this.storeLatencyLimit = base.storeLatencyLimit;
        this.bankSlowdownFactor = base.bankSlowdownFactor;
        this.bankStrainPercent = base.bankStrainPercent;
        this.rollout = base.rollout;
    }

    /** The defaults (see each setter of {@link EngineConfigBuilder}). */
    public static EngineConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static EngineConfigBuilder builder() {
        return new EngineConfigBuilder();
    }

    /** Work items claimed and committed together. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Worker threads of one engine, each working one chunk at a time. */
    public int workerThreads() {
        return workerThreads;
    }

    /** How long a claim is leased. */
    public Duration lease() {
        return lease;
    }

    /** How long a bank call is waited for before its outcome counts as unknown. */
    public Duration bankTimeLimit() {
        return bankTimeLimit;
    }

    /** Concurrent calls per bank (its pool, with no queue). */
    public int bankConcurrency() {
        return bankConcurrency;
    }

    /** How long a call may wait for its bank's rate-limit permit before it is not sent. */
    public Duration permitWait() {
        return permitWait;
    }

    /** The failure rate that opens a bank's circuit breaker. */
    public int breakerFailureRatePercent() {
        return breakerFailureRatePercent;
    }

    /** Calls recorded before a breaker's failure rate counts. */
    public int breakerMinimumCalls() {
        return breakerMinimumCalls;
    }

    /** How long an open breaker waits before a trial call. */
    public Duration breakerOpenWait() {
        return breakerOpenWait;
    }

    /** Definitive failures of one occurrence allowed before it is dead-lettered, for a priority and code. */
    public int retryLimit(Priority priority, String rejectionCode) {
        int byPriority = retryLimits.get(Objects.requireNonNull(priority, "priority"));
        Integer byCode = rejectionCode == null ? null : codeRetryLimits.get(rejectionCode);
        return byCode == null ? byPriority : Math.min(byPriority, byCode);
    }

    /** Definitive failures allowed for a priority, whatever the code. */
    public int retryLimit(Priority priority) {
        return retryLimits.get(Objects.requireNonNull(priority, "priority"));
    }

    /** The wait before retry {@code n} (1-based) after a definitive failure at a priority: doubling, capped. */
    public Duration retryBackoff(Priority priority, int failures) {
        Objects.requireNonNull(priority, "priority");
        return doubling(retryBackoffs.get(priority), maxRetryBackoffs.get(priority), failures);
    }

    /** The wait before inquiry {@code n} (1-based) about an unknown outcome: doubling, capped. */
    public Duration inquiryBackoff(int unknowns) {
        return doubling(inquiryBackoff, maxInquiryBackoff, unknowns);
    }

    /**
     * The wait before asking again about a key whose bank answered "in progress" or could not be
     * asked: {@link #inquiryBackoff(int)}, and at least half the time the attempt has been open
     * (capped at the maximum), so a key that stays in progress for hours is asked about less and less
     * often although no new unknown outcome is recorded for it.
     *
     * @param openFor how long ago the attempt's request was created
     */
    public Duration inquiryBackoff(int unknowns, Duration openFor) {
        Duration doubling = inquiryBackoff(unknowns);
        Duration half = openFor.isNegative() ? Duration.ZERO : openFor.dividedBy(2);
        Duration byAge = half.compareTo(maxInquiryBackoff) > 0 ? maxInquiryBackoff : half;
        return byAge.compareTo(doubling) > 0 ? byAge : doubling;
    }

    /**
     * The fraction by which every backoff is shortened at random, 0..0.5: a wait {@code w} becomes a
     * draw in {@code (w * (1 - backoffJitter), w]}, so items that failed together do not retry together.
     */
    public double backoffJitter() {
        return backoffJitter;
    }

    /** The part of each bank's pipeline P1 and P2 may not fill, kept for P0, percent. */
    public int p0ReservedPercent() {
        return p0ReservedPercent;
    }

    /** How many of one chunk's bank calls may be in flight at once. */
    public int parallelCalls() {
        return parallelCalls;
    }

    /**
     * How long a pass of a node that the other live nodes have not yet seen waits for them to see it
     * (their next heartbeat) before it goes on without sending.
     */
    public Duration shareWait() {
        return shareWait;
    }

    /** The mean time of the store's calls above which the engine halves its claiming workers. */
    public Duration storeLatencyLimit() {
        return storeLatencyLimit;
    }

    /** How many times its usual latency makes a bank count as strained (its requests then spread out). */
    public double bankSlowdownFactor() {
        return bankSlowdownFactor;
    }

    /** The share of system failures, percent, that makes a bank count as strained. */
    public int bankStrainPercent() {
        return bankStrainPercent;
    }

    /** How long a paused schedule's occurrence waits before it is looked at again. */
    public Duration parkInterval() {
        return parkInterval;
    }

    /** Time a request may spend in transit, counted against a bank's key retention. */
    public Duration transitAllowance() {
        return transitAllowance;
    }

    /** The largest distance between the local clock and the time source at which the engine still claims. */
    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    /** How often a node reports its heartbeat and progress. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How old a heartbeat may get before its node is marked lost. */
    public Duration nodeLostAfter() {
        return nodeLostAfter;
    }

    /** The run's maximum duration; a run still RUNNING past it raises an alarm. */
    public Duration runMaxDuration() {
        return runMaxDuration;
    }

    /** How long a run may go without progress while work is due before an alarm. */
    public Duration noProgressAlarmAfter() {
        return noProgressAlarmAfter;
    }

    /** How long {@code start()} waits between passes that found nothing to do. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** The run's gradual rollout, failure-rate stop and retention warning. */
    public RolloutPolicy rollout() {
        return rollout;
    }

    /** The zone whose date is the run's business date. */
    public ZoneId businessZone() {
        return businessZone;
    }

    /**
     * Text put before every key sent to a bank, so two installations never send the same key: the
     * one set on the builder, or, when none was set, empty (see {@link #keyPrefixSet()}).
     */
    public String keyPrefix() {
        return keyPrefix == null ? "" : keyPrefix;
    }

    /**
     * Whether {@link EngineConfigBuilder#keyPrefix(String)} was called (an empty prefix included); when not, the
     * wiring may supply the installation's own ({@link #withDefaultKeyPrefix(String)}).
     */
    public boolean keyPrefixSet() {
        return keyPrefix != null;
    }

    /**
     * This config with the installation's key prefix, unless a prefix was set explicitly: then this
     * config as it is. Used by the wiring that knows the installation, such as
     * {@code AutoTransferDatabase} of the JDBC module, whose default prefix is the installation id.
     *
     * @param installationPrefix the installation's prefix, 1..16 characters of [A-Za-z0-9_-]
     * @throws IllegalArgumentException if {@code installationPrefix} breaks that rule, or if the prefix
     *     was set explicitly to empty: keys without a prefix are the same in every installation (a
     *     reinstalled database, staging and production on one bank sandbox), and a bank answering
     *     another installation's outcome for a key would record a transfer that never ran
     */
    public EngineConfig withDefaultKeyPrefix(String installationPrefix) {
        Objects.requireNonNull(installationPrefix, "installationPrefix");
        if (installationPrefix.isEmpty() || !KEY_PREFIX.matcher(installationPrefix).matches()) {
            throw new IllegalArgumentException("installationPrefix must be 1..16 characters of [A-Za-z0-9_-], was '"
                    + installationPrefix + "'");
        }
        if (keyPrefix == null) {
            return new EngineConfig(this, installationPrefix);
        }
        if (keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("keyPrefix was set to '' (empty): keys without a prefix are the same in"
                    + " every installation, so a bank could answer another installation's outcome for one and a"
                    + " transfer that never ran would be recorded SUCCEEDED; leave keyPrefix unset to use this"
                    + " installation's id (" + installationPrefix + "), or set a prefix unique to this installation");
        }
        return this;
    }

    /** How long before a bank forgets a key re-sending stops: the time limit, transit and clock bound. */
    public Duration resendMargin() {
        return bankTimeLimit.plus(transitAllowance).plus(maxClockSkew);
    }

    private static Duration doubling(Duration base, Duration max, int n) {
        Duration d = base;
        for (int i = 1; i < n && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
