package dev.autotransfer.config;

import static dev.autotransfer.config.ConfigChecks.atLeast;
import static dev.autotransfer.config.ConfigChecks.notNegative;
import static dev.autotransfer.config.ConfigChecks.positive;
import static dev.autotransfer.config.ConfigChecks.range;

import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.domain.Priority;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Builds an {@link EngineConfig}; not thread-safe. */
public final class EngineConfigBuilder {

    /** The default {@link #backoffJitter(double)}: waits spread over their last fifth. */
    public static final double DEFAULT_BACKOFF_JITTER = 0.2;

    int chunkSize = 10;
    int workerThreads = 8;
    Duration lease = Duration.ofSeconds(60);
    Duration bankTimeLimit = Duration.ofSeconds(3);
    int bankConcurrency = 16;
    Duration permitWait = Duration.ofSeconds(1);
    int breakerFailureRatePercent = 50;
    int breakerMinimumCalls = 20;
    Duration breakerOpenWait = Duration.ofSeconds(30);
    final Map<Priority, Integer> retryLimits = new EnumMap<>(Map.of(Priority.P0, 7, Priority.P1, 5,
            Priority.P2, 3));
    final Map<String, Integer> codeRetryLimits = new HashMap<>(Map.of(
            RejectionCode.ACCOUNT_CLOSED.code(), 1, RejectionCode.INVALID_ACCOUNT.code(), 1));
    final Map<Priority, Duration> retryBackoffs = new EnumMap<>(Map.of(Priority.P0, Duration.ofSeconds(30),
            Priority.P1, Duration.ofMinutes(1), Priority.P2, Duration.ofMinutes(5)));
    final Map<Priority, Duration> maxRetryBackoffs = new EnumMap<>(Map.of(Priority.P0, Duration.ofMinutes(30),
            Priority.P1, Duration.ofHours(1), Priority.P2, Duration.ofHours(2)));
    Duration inquiryBackoff = Duration.ofSeconds(30);
    Duration maxInquiryBackoff = Duration.ofMinutes(10);
    double backoffJitter = DEFAULT_BACKOFF_JITTER;
    Duration parkInterval = Duration.ofHours(1);
    Duration transitAllowance = Duration.ofSeconds(5);
    Duration maxClockSkew = Duration.ofSeconds(5);
    Duration heartbeatInterval = Duration.ofSeconds(10);
    Duration nodeLostAfter = Duration.ofSeconds(60);
    Duration runMaxDuration = Duration.ofHours(2);
    Duration noProgressAlarmAfter = Duration.ofMinutes(10);
    Duration pollInterval = Duration.ofSeconds(1);
    ZoneId businessZone = ZoneId.of("Asia/Seoul");
    String keyPrefix;
    int p0ReservedPercent = 30;
    int parallelCalls = 4;
    Duration shareWait;
    Duration storeLatencyLimit = Duration.ofMillis(500);
    double bankSlowdownFactor = 3.0;
    int bankStrainPercent = 10;
    RolloutPolicy rollout = RolloutPolicy.ofDefaults();

    EngineConfigBuilder() {
    }

    /** Work items claimed and committed together, 1..500 (default 10). */
    public EngineConfigBuilder chunkSize(int value) {
        this.chunkSize = range("chunkSize", value, 1, 500);
        return this;
    }

    /** Worker threads, 1..256 (default 8). */
    public EngineConfigBuilder workerThreads(int value) {
        this.workerThreads = range("workerThreads", value, 1, 256);
        return this;
    }

    /**
     * The lease of a claim (default 60 s); {@link #build()} checks it covers a chunk's calls and
     * permit waits.
     */
    public EngineConfigBuilder lease(Duration value) {
        this.lease = positive("lease", value);
        return this;
    }

    /** The bank call time limit (default 3 s). */
    public EngineConfigBuilder bankTimeLimit(Duration value) {
        this.bankTimeLimit = positive("bankTimeLimit", value);
        return this;
    }

    /** Concurrent calls per bank, 1..1024 (default 16). */
    public EngineConfigBuilder bankConcurrency(int value) {
        this.bankConcurrency = range("bankConcurrency", value, 1, 1024);
        return this;
    }

    /** The wait for a rate-limit permit (default 1 s; zero means none). */
    public EngineConfigBuilder permitWait(Duration value) {
        this.permitWait = notNegative("permitWait", value);
        return this;
    }

    /** The breaker's thresholds (defaults 50%, 20 calls, 30 s). */
    public EngineConfigBuilder circuitBreaker(int failureRatePercent, int minimumCalls, Duration openWait) {
        this.breakerFailureRatePercent = range("failureRatePercent", failureRatePercent, 1, 100);
        this.breakerMinimumCalls = range("minimumCalls", minimumCalls, 1, 10_000);
        this.breakerOpenWait = positive("openWait", openWait);
        return this;
    }

    /**
     * Definitive failures allowed for a priority before dead-lettering, 1..100 (defaults: P0 7, P1 5,
     * P2 3; salaries and bills are tried hardest).
     */
    public EngineConfigBuilder retryLimit(Priority priority, int limit) {
        retryLimits.put(Objects.requireNonNull(priority, "priority"), range("retryLimit", limit, 1, 100));
        return this;
    }

    /**
     * Definitive failures allowed for a rejection code, 1..100, applied when lower than the
     * priority's (defaults: ACCOUNT_CLOSED and INVALID_ACCOUNT 1, since retrying cannot help).
     */
    public EngineConfigBuilder retryLimit(String rejectionCode, int limit) {
        codeRetryLimits.put(Objects.requireNonNull(rejectionCode, "rejectionCode"),
                range("retryLimit", limit, 1, 100));
        return this;
    }

    /** Backoff after a definitive failure, the same for every priority: first wait and cap. */
    public EngineConfigBuilder retryBackoff(Duration first, Duration max) {
        for (Priority priority : Priority.values()) {
            retryBackoff(priority, first, max);
        }
        return this;
    }

    /**
     * Backoff after a definitive failure at a priority: first wait and cap, doubling in between
     * (defaults: P0 30 s to 30 min, P1 1 min to 1 h, P2 5 min to 2 h).
     */
    public EngineConfigBuilder retryBackoff(Priority priority, Duration first, Duration max) {
        Objects.requireNonNull(priority, "priority");
        retryBackoffs.put(priority, positive("retryBackoff", first));
        maxRetryBackoffs.put(priority, atLeast("maxRetryBackoff", max, first));
        return this;
    }

    /** Backoff between inquiries about an unknown outcome: first wait and cap (defaults 30 s, 10 min). */
    public EngineConfigBuilder inquiryBackoff(Duration first, Duration max) {
        this.inquiryBackoff = positive("inquiryBackoff", first);
        this.maxInquiryBackoff = atLeast("maxInquiryBackoff", max, first);
        return this;
    }

    /**
     * The fraction by which every backoff (retries, inquiries, calls not sent) is shortened at random,
     * 0..0.5 (default {@value #DEFAULT_BACKOFF_JITTER}; 0 turns jitter off): a wait {@code w} becomes a
     * draw in {@code (w * (1 - fraction), w]}, so items that failed together do not retry in lockstep.
     * The draws come from the engine builder's random source.
     */
    public EngineConfigBuilder backoffJitter(double fraction) {
        if (!(fraction >= 0 && fraction <= 0.5)) {
            throw new IllegalArgumentException("backoffJitter must be a fraction 0..0.5, was " + fraction);
        }
        this.backoffJitter = fraction;
        return this;
    }

    /**
     * The part of each bank's pipeline (the work claimed ahead of its rate-limit permits) that P1 and
     * P2 may not fill, 0..90 percent (default 30): P0 claimed while a P1/P2 backlog waits gets at
     * least that share of the bank's quota at once, and all of it as the backlog's calls drain.
     */
    public EngineConfigBuilder p0ReservedPercent(int value) {
        this.p0ReservedPercent = range("p0ReservedPercent", value, 0, 90);
        return this;
    }

    /**
     * How many of one chunk's bank calls may be in flight at once, 1..64 (default 4): a worker keeps
     * a bank of 50 ms latency at up to 80 requests per second instead of 20. With 1 the chunk's calls
     * go out one after the other, in claim order.
     */
    public EngineConfigBuilder parallelCalls(int value) {
        this.parallelCalls = range("parallelCalls", value, 1, 64);
        return this;
    }

    /**
     * How long a pass of a node that the other live nodes have not yet seen (it just joined) waits
     * for their next heartbeat, which brings its share of the banks' quotas; after it the pass goes
     * on sending nothing (default twice the heartbeat interval; zero: no wait).
     */
    public EngineConfigBuilder shareWait(Duration value) {
        this.shareWait = notNegative("shareWait", value);
        return this;
    }

    /**
     * Backpressure from the database: when the store's calls (a claim with its STARTED rows, a
     * chunk's recording) take longer than this on average, or a write fails on a lock, the claiming
     * workers halve, and grow back one at a time when it is well (default 500 ms).
     */
    public EngineConfigBuilder storeLatencyLimit(Duration value) {
        this.storeLatencyLimit = positive("storeLatencyLimit", value);
        return this;
    }

    /**
     * Backpressure from a bank: over each 20 calls, a mean latency above {@code slowdownFactor} times
     * its usual (and 25 ms above it), or system failures above {@code strainPercent}, halve the part
     * of the node's share the engine uses, down to a twentieth; a window without strain adds a tenth
     * back (defaults 3 and 10%).
     */
    public EngineConfigBuilder bankBackpressure(double slowdownFactor, int strainPercent) {
        if (!(slowdownFactor > 1) || slowdownFactor > 1000) {
            throw new IllegalArgumentException("slowdownFactor must be above 1 and at most 1000, was "
                    + slowdownFactor);
        }
        this.bankSlowdownFactor = slowdownFactor;
        this.bankStrainPercent = range("strainPercent", strainPercent, 1, 100);
        return this;
    }

    /** How long a paused schedule's occurrence waits between looks (default 1 h). */
    public EngineConfigBuilder parkInterval(Duration value) {
        this.parkInterval = positive("parkInterval", value);
        return this;
    }

    /** Transit allowance against key retention (default 5 s). */
    public EngineConfigBuilder transitAllowance(Duration value) {
        this.transitAllowance = notNegative("transitAllowance", value);
        return this;
    }

    /** The clock bound beyond which the engine refuses to claim (default 5 s). */
    public EngineConfigBuilder maxClockSkew(Duration value) {
        this.maxClockSkew = positive("maxClockSkew", value);
        return this;
    }

    /** Heartbeat interval and the age at which a node is marked lost (defaults 10 s, 60 s). */
    public EngineConfigBuilder heartbeat(Duration interval, Duration lostAfter) {
        this.heartbeatInterval = positive("heartbeatInterval", interval);
        this.nodeLostAfter = atLeast("nodeLostAfter", lostAfter, interval);
        return this;
    }

    /** A run's maximum duration before an alarm (default 2 h). */
    public EngineConfigBuilder runMaxDuration(Duration value) {
        this.runMaxDuration = positive("runMaxDuration", value);
        return this;
    }

    /** Time without progress while work is due before an alarm (default 10 min). */
    public EngineConfigBuilder noProgressAlarmAfter(Duration value) {
        this.noProgressAlarmAfter = positive("noProgressAlarmAfter", value);
        return this;
    }

    /** Wait between idle passes of {@code start()} (default 1 s). */
    public EngineConfigBuilder pollInterval(Duration value) {
        this.pollInterval = positive("pollInterval", value);
        return this;
    }

    /**
     * The run's gradual rollout (stages, failure-rate stop) and the retention warning (default
     * {@link RolloutPolicy#ofDefaults()}).
     */
    public EngineConfigBuilder rollout(RolloutPolicy value) {
        this.rollout = Objects.requireNonNull(value, "rollout");
        return this;
    }

    /** The zone of the business date (default Asia/Seoul). */
    public EngineConfigBuilder businessZone(ZoneId value) {
        this.businessZone = Objects.requireNonNull(value, "businessZone");
        return this;
    }

    /**
     * A prefix of 0..16 characters [A-Za-z0-9_-] for every key sent to a bank. Default: not set,
     * which means the installation's id where the wiring knows it ({@code AutoTransferDatabase}:
     * {@code <installation id>-}), else empty. A prefix set here must be unique to the
     * installation (staging, production, shards, and again after a reinstall); an empty one is
     * refused where an installation id exists. A change reaches new attempts only: open ones are
     * re-sent and inquired under the key their STARTED recorded.
     */
    public EngineConfigBuilder keyPrefix(String value) {
        Objects.requireNonNull(value, "keyPrefix");
        if (!EngineConfig.KEY_PREFIX.matcher(value).matches()) {
            throw new IllegalArgumentException("keyPrefix must be 0..16 characters of [A-Za-z0-9_-], was '"
                    + value + "'");
        }
        this.keyPrefix = value;
        return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException if the lease cannot cover a whole chunk: each call may
     *     wait for its permit and then for the time limit, and the chunk's calls run one after
     *     the other
     */
    public EngineConfig build() {
        Duration chunkWorstCase = permitWait.plus(bankTimeLimit).multipliedBy(chunkSize).plus(transitAllowance);
        if (lease.compareTo(chunkWorstCase) < 0) {
            throw new IllegalArgumentException("lease must cover a chunk's calls, at least chunkSize "
                    + chunkSize + " x (permitWait " + permitWait + " + bankTimeLimit " + bankTimeLimit
                    + ") + transitAllowance " + transitAllowance + " = " + chunkWorstCase + ", was " + lease);
        }
        return new EngineConfig(this);
    }
}
