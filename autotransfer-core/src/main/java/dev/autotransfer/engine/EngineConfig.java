package dev.autotransfer.engine;

import static dev.autotransfer.engine.ConfigChecks.atLeast;
import static dev.autotransfer.engine.ConfigChecks.notNegative;
import static dev.autotransfer.engine.ConfigChecks.positive;
import static dev.autotransfer.engine.ConfigChecks.range;

import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.domain.Priority;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The engine's settings: chunking, lease, the guards of every bank call, retry limits and backoffs,
 * and the run's clocks and alarms. Built with {@link #builder()}, which holds the defaults; every
 * setter validates its value and names it in the error. Immutable and thread-safe.
 */
public final class EngineConfig {

    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9_-]{0,16}");

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
    private final Duration retryBackoff;
    private final Duration maxRetryBackoff;
    private final Duration inquiryBackoff;
    private final Duration maxInquiryBackoff;
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

    private EngineConfig(Builder b) {
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
        this.retryBackoff = b.retryBackoff;
        this.maxRetryBackoff = b.maxRetryBackoff;
        this.inquiryBackoff = b.inquiryBackoff;
        this.maxInquiryBackoff = b.maxInquiryBackoff;
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
        this.retryBackoff = base.retryBackoff;
        this.maxRetryBackoff = base.maxRetryBackoff;
        this.inquiryBackoff = base.inquiryBackoff;
        this.maxInquiryBackoff = base.maxInquiryBackoff;
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
    }

    /** The defaults (see each setter of {@link Builder}). */
    public static EngineConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
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

    /** The wait before retry {@code n} (1-based) after a definitive failure: doubling, capped. */
    public Duration retryBackoff(int failures) {
        return doubling(retryBackoff, maxRetryBackoff, failures);
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
     * Whether {@link Builder#keyPrefix(String)} was called (an empty prefix included); when not, the
     * wiring may supply the installation's own ({@link #withDefaultKeyPrefix(String)}).
     */
    public boolean keyPrefixSet() {
        return keyPrefix != null;
    }

    /**
     * This config with the installation's key prefix, unless a prefix was set explicitly: then this
     * config as it is. Used by the wiring that knows the installation, such as
     * {@code JdbcAutoTransfer}, whose default prefix is the installation id.
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

    /** Builds an {@link EngineConfig}; not thread-safe. */
    public static final class Builder {
        private int chunkSize = 10;
        private int workerThreads = 8;
        private Duration lease = Duration.ofSeconds(60);
        private Duration bankTimeLimit = Duration.ofSeconds(3);
        private int bankConcurrency = 16;
        private Duration permitWait = Duration.ofSeconds(1);
        private int breakerFailureRatePercent = 50;
        private int breakerMinimumCalls = 20;
        private Duration breakerOpenWait = Duration.ofSeconds(30);
        private final Map<Priority, Integer> retryLimits = new EnumMap<>(Map.of(Priority.P0, 5, Priority.P1, 5,
                Priority.P2, 5));
        private final Map<String, Integer> codeRetryLimits = new HashMap<>(Map.of(
                RejectionCode.ACCOUNT_CLOSED.code(), 1, RejectionCode.INVALID_ACCOUNT.code(), 1));
        private Duration retryBackoff = Duration.ofMinutes(1);
        private Duration maxRetryBackoff = Duration.ofHours(1);
        private Duration inquiryBackoff = Duration.ofSeconds(30);
        private Duration maxInquiryBackoff = Duration.ofMinutes(10);
        private Duration parkInterval = Duration.ofHours(1);
        private Duration transitAllowance = Duration.ofSeconds(5);
        private Duration maxClockSkew = Duration.ofSeconds(5);
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration nodeLostAfter = Duration.ofSeconds(60);
        private Duration runMaxDuration = Duration.ofHours(2);
        private Duration noProgressAlarmAfter = Duration.ofMinutes(10);
        private Duration pollInterval = Duration.ofSeconds(1);
        private ZoneId businessZone = ZoneId.of("Asia/Seoul");
        private String keyPrefix;

        private Builder() {
        }

        /** Work items claimed and committed together, 1..500 (default 10). */
        public Builder chunkSize(int value) {
            this.chunkSize = range("chunkSize", value, 1, 500);
            return this;
        }

        /** Worker threads, 1..256 (default 8). */
        public Builder workerThreads(int value) {
            this.workerThreads = range("workerThreads", value, 1, 256);
            return this;
        }

        /**
         * The lease of a claim (default 60 s); {@link #build()} checks it covers a chunk's calls and
         * permit waits.
         */
        public Builder lease(Duration value) {
            this.lease = positive("lease", value);
            return this;
        }

        /** The bank call time limit (default 3 s). */
        public Builder bankTimeLimit(Duration value) {
            this.bankTimeLimit = positive("bankTimeLimit", value);
            return this;
        }

        /** Concurrent calls per bank, 1..1024 (default 16). */
        public Builder bankConcurrency(int value) {
            this.bankConcurrency = range("bankConcurrency", value, 1, 1024);
            return this;
        }

        /** The wait for a rate-limit permit (default 1 s; zero means none). */
        public Builder permitWait(Duration value) {
            this.permitWait = notNegative("permitWait", value);
            return this;
        }

        /** The breaker's thresholds (defaults 50%, 20 calls, 30 s). */
        public Builder circuitBreaker(int failureRatePercent, int minimumCalls, Duration openWait) {
            this.breakerFailureRatePercent = range("failureRatePercent", failureRatePercent, 1, 100);
            this.breakerMinimumCalls = range("minimumCalls", minimumCalls, 1, 10_000);
            this.breakerOpenWait = positive("openWait", openWait);
            return this;
        }

        /** Definitive failures allowed for a priority before dead-lettering, 1..100 (default 5). */
        public Builder retryLimit(Priority priority, int limit) {
            retryLimits.put(Objects.requireNonNull(priority, "priority"), range("retryLimit", limit, 1, 100));
            return this;
        }

        /**
         * Definitive failures allowed for a rejection code, 1..100, applied when lower than the
         * priority's (defaults: ACCOUNT_CLOSED and INVALID_ACCOUNT 1, since retrying cannot help).
         */
        public Builder retryLimit(String rejectionCode, int limit) {
            codeRetryLimits.put(Objects.requireNonNull(rejectionCode, "rejectionCode"),
                    range("retryLimit", limit, 1, 100));
            return this;
        }

        /** Backoff after a definitive failure: first wait and cap (defaults 1 min, 1 h). */
        public Builder retryBackoff(Duration first, Duration max) {
            this.retryBackoff = positive("retryBackoff", first);
            this.maxRetryBackoff = atLeast("maxRetryBackoff", max, first);
            return this;
        }

        /** Backoff between inquiries about an unknown outcome: first wait and cap (defaults 30 s, 10 min). */
        public Builder inquiryBackoff(Duration first, Duration max) {
            this.inquiryBackoff = positive("inquiryBackoff", first);
            this.maxInquiryBackoff = atLeast("maxInquiryBackoff", max, first);
            return this;
        }

        /** How long a paused schedule's occurrence waits between looks (default 1 h). */
        public Builder parkInterval(Duration value) {
            this.parkInterval = positive("parkInterval", value);
            return this;
        }

        /** Transit allowance against key retention (default 5 s). */
        public Builder transitAllowance(Duration value) {
            this.transitAllowance = notNegative("transitAllowance", value);
            return this;
        }

        /** The clock bound beyond which the engine refuses to claim (default 5 s). */
        public Builder maxClockSkew(Duration value) {
            this.maxClockSkew = positive("maxClockSkew", value);
            return this;
        }

        /** Heartbeat interval and the age at which a node is marked lost (defaults 10 s, 60 s). */
        public Builder heartbeat(Duration interval, Duration lostAfter) {
            this.heartbeatInterval = positive("heartbeatInterval", interval);
            this.nodeLostAfter = atLeast("nodeLostAfter", lostAfter, interval);
            return this;
        }

        /** A run's maximum duration before an alarm (default 2 h). */
        public Builder runMaxDuration(Duration value) {
            this.runMaxDuration = positive("runMaxDuration", value);
            return this;
        }

        /** Time without progress while work is due before an alarm (default 10 min). */
        public Builder noProgressAlarmAfter(Duration value) {
            this.noProgressAlarmAfter = positive("noProgressAlarmAfter", value);
            return this;
        }

        /** Wait between idle passes of {@code start()} (default 1 s). */
        public Builder pollInterval(Duration value) {
            this.pollInterval = positive("pollInterval", value);
            return this;
        }

        /** The zone of the business date (default Asia/Seoul). */
        public Builder businessZone(ZoneId value) {
            this.businessZone = Objects.requireNonNull(value, "businessZone");
            return this;
        }

        /**
         * A prefix of 0..16 characters [A-Za-z0-9_-] for every key sent to a bank. Default: not set,
         * which means the installation's id where the wiring knows it ({@code JdbcAutoTransfer}:
         * {@code <installation id>-}), else empty. A prefix set here must be unique to the
         * installation (staging, production, shards, and again after a reinstall); an empty one is
         * refused where an installation id exists. A change reaches new attempts only: open ones are
         * re-sent and inquired under the key their STARTED recorded.
         */
        public Builder keyPrefix(String value) {
            Objects.requireNonNull(value, "keyPrefix");
            if (!KEY_PREFIX.matcher(value).matches()) {
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
}
