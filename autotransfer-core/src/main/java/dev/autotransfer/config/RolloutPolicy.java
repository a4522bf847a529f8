package dev.autotransfer.config;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a run rolls out gradually and when it stops itself (mission A14): caps on the run's new sends
 * per stage, counted across the whole fleet, and a failure-rate limit judged over a sliding window
 * of every node's outcomes; also when an unresolved outcome nearing the bank's key retention is
 * alarmed.
 *
 * <p>A run starts in the first {@link Stage}; its new sends (first sends of new attempts, counted from
 * the run's start over all nodes) may reach that stage's {@link Stage#sends()}. A stage ends when
 * its {@link Stage#minDuration()} has passed since it began and the failure rate is within the
 * limit; after the last listed stage sends are unlimited. Re-sends and inquiries of open attempts
 * are never capped. Whenever the run is RUNNING, in every stage including the unlimited one, a
 * failure rate above {@link #maxFailureRate()} over the {@link #evaluationWindow()} (with at least
 * {@link #minOutcomes()} outcomes in it) stops the run: new sends stop on every node, open attempts
 * are still resolved, and only an explicit resume ({@link dev.autotransfer.spi.RunStore#resume})
 * lets them start again. Every node of a fleet must use the same policy. See docs/rollout.md.
 *
 * <p>Defaults ({@link #ofDefaults()}): stages of 10,000 then 50,000 sends, 10 minutes each, then
 * unlimited; stop above 5% failures of {@link OutcomeClass#UNKNOWN} and
 * {@link OutcomeClass#SYSTEM_REJECTION} (business rejections do not count) over 1 minute with at least
 * 100 outcomes; sends reserved in blocks of 100; an unresolved attempt alarmed at 75% of the time it
 * may be re-sent.
 *
 * <p>Immutable and thread-safe; built by {@link #custom()}, whose setters validate at once.
 */
public final class RolloutPolicy {

    private final List<Stage> stages;
    private final boolean failureStop;
    private final double maxFailureRate;
    private final Set<OutcomeClass> failureClasses;
    private final Duration evaluationWindow;
    private final int minOutcomes;
    private final int reservationBlock;
    private final double retentionWarningAt;

    private RolloutPolicy(Builder b) {
        this.stages = List.copyOf(b.stages);
        this.failureStop = b.failureStop;
        this.maxFailureRate = b.maxFailureRate;
        this.failureClasses = Set.copyOf(b.failureClasses);
        this.evaluationWindow = b.evaluationWindow;
        this.minOutcomes = b.minOutcomes;
        this.reservationBlock = b.reservationBlock;
        this.retentionWarningAt = b.retentionWarningAt;
    }

    /** The defaults (see the class comment). */
    public static RolloutPolicy ofDefaults() {
        return custom().build();
    }

    /** No stages and no failure-rate stop: every send may start at once (benchmarks, tests). */
    public static RolloutPolicy disabled() {
        return custom().noStages().noFailureRateStop().build();
    }

    /** A builder holding the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** The capped stages in order; after the last, sends are unlimited (empty: unlimited from the start). */
    public List<Stage> stages() {
        return stages;
    }

    /** Whether a failure rate above {@link #maxFailureRate()} stops the run. */
    public boolean stopsOnFailureRate() {
        return failureStop;
    }

    /** The highest failure rate (0..1) at which the run goes on; above it the run stops. */
    public double maxFailureRate() {
        return maxFailureRate;
    }

    /** The outcome classes that count as failures. */
    public Set<OutcomeClass> failureClasses() {
        return failureClasses;
    }

    /** How far back the failure rate looks. */
    public Duration evaluationWindow() {
        return evaluationWindow;
    }

    /** The outcomes the window must hold before its failure rate is judged. */
    public int minOutcomes() {
        return minOutcomes;
    }

    /** New sends a node reserves from the run at a time while a stage is capped. */
    public int reservationBlock() {
        return reservationBlock;
    }

    /**
     * The part (0..1] of the time an open attempt may still be re-sent (from its request's creation
     * to the bank's key retention less the re-send margin) after which it is alarmed as
     * {@link Alarm.Kind#UNKNOWN_NEARING_RETENTION}; 1 means never.
     */
    public double retentionWarningAt() {
        return retentionWarningAt;
    }

    @Override
    public String toString() {
        return "RolloutPolicy[stages=" + stages + ", failureStop=" + failureStop + ", maxFailureRate=" + maxFailureRate
                + ", failureClasses=" + failureClasses + ", evaluationWindow=" + evaluationWindow + ", minOutcomes="
                + minOutcomes + ", reservationBlock=" + reservationBlock + ", retentionWarningAt=" + retentionWarningAt
                + "]";
    }

    /**
     * One capped stage. Immutable and thread-safe.
     *
     * @param sends the run's total new sends allowed until this stage ends, counted from the run's
     *     start over all nodes, positive
     * @param minDuration how long the stage lasts at least, positive
     */
    public record Stage(long sends, Duration minDuration) {
        /** Validates the fields. */
        public Stage {
            if (sends < 1) {
                throw new IllegalArgumentException("stage sends must be at least 1, was " + sends);
            }
            ConfigChecks.positive("stage minDuration", minDuration);
        }
    }

    /** Builds a {@link RolloutPolicy}; not thread-safe. */
    public static final class Builder {
        private List<Stage> stages = List.of(new Stage(10_000, Duration.ofMinutes(10)),
                new Stage(50_000, Duration.ofMinutes(10)));
        private boolean failureStop = true;
        private double maxFailureRate = 0.05;
        private Set<OutcomeClass> failureClasses = EnumSet.of(OutcomeClass.UNKNOWN, OutcomeClass.SYSTEM_REJECTION);
        private Duration evaluationWindow = Duration.ofMinutes(1);
        private int minOutcomes = 100;
        private int reservationBlock = 100;
        private double retentionWarningAt = 0.75;

        private Builder() {
        }

        /**
         * The capped stages (default 10,000 then 50,000 sends, 10 minutes each).
         *
         * @throws IllegalArgumentException unless each stage allows more sends than the one before
         */
        public Builder stages(Stage... values) {
            List<Stage> list = List.of(Objects.requireNonNull(values, "stages"));
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).sends() <= list.get(i - 1).sends()) {
                    throw new IllegalArgumentException("stages must allow more sends each, but stage " + (i + 1)
                            + " allows " + list.get(i).sends() + " after " + list.get(i - 1).sends());
                }
            }
            this.stages = list;
            return this;
        }

        /** No capped stage: sends are unlimited from the run's start. */
        public Builder noStages() {
            this.stages = List.of();
            return this;
        }

        /** The highest failure rate at which the run goes on, 0..1 (default 0.05, that is 5%). */
        public Builder maxFailureRate(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("maxFailureRate must be 0..1 (a fraction, 0.05 for 5%), was "
                        + value);
            }
            this.maxFailureRate = value;
            this.failureStop = true;
            return this;
        }

        /** The failure rate never stops the run (stages still move on by time). */
        public Builder noFailureRateStop() {
            this.failureStop = false;
            return this;
        }

        /** The outcome classes counted as failures, at least one (default UNKNOWN and SYSTEM_REJECTION). */
        public Builder failureClasses(Collection<OutcomeClass> values) {
            Objects.requireNonNull(values, "failureClasses");
            if (values.isEmpty()) {
                throw new IllegalArgumentException("failureClasses must name at least one class, was " + values
                        + " (use noFailureRateStop() to never stop)");
            }
            this.failureClasses = EnumSet.copyOf(values);
            return this;
        }

        /**
         * The evaluation window and the outcomes it must hold before it is judged (defaults 1 min,
         * 100).
         */
        public Builder evaluationWindow(Duration window, int minOutcomes) {
            this.evaluationWindow = ConfigChecks.positive("evaluationWindow", window);
            this.minOutcomes = ConfigChecks.range("minOutcomes", minOutcomes, 1, 1_000_000_000);
            return this;
        }

        /** New sends reserved from the run at a time, 1..100,000 (default 100). */
        public Builder reservationBlock(int value) {
            this.reservationBlock = ConfigChecks.range("reservationBlock", value, 1, 100_000);
            return this;
        }

        /**
         * After which part (0..1] of its re-send time an open attempt is alarmed as nearing the key
         * retention (default 0.75; 1 never alarms).
         */
        public Builder retentionWarningAt(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("retentionWarningAt must be a fraction in (0, 1], was " + fraction);
            }
            this.retentionWarningAt = fraction;
            return this;
        }

        /** The policy. */
        public RolloutPolicy build() {
            return new RolloutPolicy(this);
        }
    }
}
