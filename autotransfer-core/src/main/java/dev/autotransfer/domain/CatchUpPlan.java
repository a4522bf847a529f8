package dev.autotransfer.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which occurrences to run and which to record SKIPPED when a schedule is looked at after downtime,
 * and where the schedule goes on.
 *
 * <p>{@link #of} is a pure function. It walks the occurrences from {@code nextDue}, the first one
 * not yet opened, through every occurrence whose execution date is on or before today: those
 * before today are missed and handled by the {@link CatchUpPolicy}; those executing today are due
 * and always run (so under {@link CatchUpPolicy#RUN_LATEST_ONLY} a due one is the latest, and every
 * missed one is skipped). Every walked occurrence lands in exactly one of {@link #toRun()} and
 * {@link #toSkip()}, in nominal-date order; {@link #nextDueDate()} is the first occurrence after
 * them (it executes after today), or empty when the recurrence has none left.
 *
 * <p>Whether the engine applies the plan is its decision: per the design, only occurrences that
 * fell due while no node was alive count as missed, so a backlog that ran past midnight, a resume
 * after a pause or a late-resolved outcome is executed, not planned. Immutable and thread-safe.
 *
 * @param toRun nominal dates to execute, in order
 * @param toSkip nominal dates to record SKIPPED, in order
 * @param nextDueDate the first nominal date after the planned ones, or null when none is left
 */
public record CatchUpPlan(List<LocalDate> toRun, List<LocalDate> toSkip, LocalDate nextDueDate) {

    /** Copies the lists. */
    public CatchUpPlan {
        toRun = List.copyOf(toRun);
        toSkip = List.copyOf(toSkip);
    }

    /**
     * Plans the catch-up of a schedule.
     *
     * @param policy the schedule's catch-up policy
     * @param recurrence the schedule's recurrence
     * @param timing the schedule's execution timing
     * @param nextDue the first occurrence not yet opened; must be a nominal date of the recurrence
     * @param today the date today in the schedule's zone
     * @throws IllegalArgumentException if {@code nextDue} is not a nominal date of the recurrence
     */
    public static CatchUpPlan of(CatchUpPolicy policy, Recurrence recurrence, ExecutionTiming timing,
            LocalDate nextDue, LocalDate today) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(today, "today");
        if (!Objects.requireNonNull(recurrence, "recurrence").isNominalDate(Objects.requireNonNull(nextDue, "nextDue"))) {
            throw new IllegalArgumentException("nextDue " + nextDue + " is not a nominal date of " + recurrence);
        }
        List<LocalDate> missed = new ArrayList<>();
        List<LocalDate> due = new ArrayList<>();
        LocalDate nominal = nextDue;
        while (nominal != null) {
            LocalDate execution = timing.executionDate(nominal);
            if (execution.isAfter(today)) {
                break;
            }
            (execution.isBefore(today) ? missed : due).add(nominal);
            nominal = recurrence.nextAfter(nominal).orElse(null);
        }
        List<LocalDate> run = new ArrayList<>();
        List<LocalDate> skip = new ArrayList<>();
        switch (policy) {
            case RUN_ALL_MISSED -> run.addAll(missed);
            case RUN_LATEST_ONLY -> {
                // one debit for the whole gap: today's occurrence if one is due, else the latest missed
                if (due.isEmpty() && !missed.isEmpty()) {
                    skip.addAll(missed.subList(0, missed.size() - 1));
                    run.add(missed.get(missed.size() - 1));
                } else {
                    skip.addAll(missed);
                }
            }
            case SKIP_MISSED -> skip.addAll(missed);
        }
        run.addAll(due);
        return new CatchUpPlan(run, skip, nominal);
    }

    /** Plans with today taken as the date at {@code now} in the timing's zone. */
    public static CatchUpPlan of(CatchUpPolicy policy, Recurrence recurrence, ExecutionTiming timing,
            LocalDate nextDue, Instant now) {
        return of(policy, recurrence, timing, nextDue, timing.dateAt(now));
    }

    /** The first nominal date after the planned ones, if any is left. */
    public Optional<LocalDate> nextDue() {
        return Optional.ofNullable(nextDueDate);
    }

    /** Whether the plan neither runs nor skips anything. */
    public boolean isEmpty() {
        return toRun.isEmpty() && toSkip.isEmpty();
    }
}
