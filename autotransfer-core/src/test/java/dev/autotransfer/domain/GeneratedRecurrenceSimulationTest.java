package dev.autotransfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.autotransfer.calendar.FixedHolidayCalendar;
import dev.autotransfer.calendar.HolidayCalendar;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random recurrences checked against a day-by-day reference model and against the
 * properties every schedule relies on. Replay a failure with {@code -Dsimulation.seed=N}.
 */
class GeneratedRecurrenceSimulationTest {

    private static final int CASES = 3_000;
    private static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);
    private static final int SPAN_DAYS = 60 * 365;

    @Test
    void random_recurrences_agree_with_the_reference_model_and_keep_their_properties() {
        long seed = seed();
        SplittableRandom random = new SplittableRandom(seed);
        HolidayCalendar calendar = randomCalendar(random);
        int checked = 0;
        for (int i = 0; i < CASES; i++) {
            Recurrence recurrence = null;
            try {
                recurrence = randomRecurrence(random);
                if (recurrence != null) {
                    check(recurrence, calendar, random);
                    checked++;
                }
            } catch (AssertionError | RuntimeException e) {
                fail("case " + i + " failed for " + recurrence + "; replay with -Dsimulation.seed=" + seed, e);
            }
        }
        System.out.println("simulation.seed=" + seed + ": " + checked + " recurrences checked");
        assertThat(checked).as("seed %d", seed).isGreaterThan(CASES / 2);
    }

    private static long seed() {
        String given = System.getProperty("simulation.seed", "").strip();
        return given.isEmpty() ? new SplittableRandom().nextLong() : Long.parseLong(given);
    }

    private static HolidayCalendar randomCalendar(SplittableRandom random) {
        Set<LocalDate> holidays = new HashSet<>();
        for (int day = 0; day < SPAN_DAYS + 4000; day++) {
            if (random.nextInt(100) < 6) {
                holidays.add(EPOCH.plusDays(day));
                if (random.nextInt(10) == 0) { // an occasional long closure
                    for (int extra = 1; extra <= random.nextInt(2, 6); extra++) {
                        holidays.add(EPOCH.plusDays(day + extra));
                    }
                }
            }
        }
        return new FixedHolidayCalendar("random", holidays);
    }

    /** A random recurrence, or null when the random limits leave none (checked against the model here). */
    private static Recurrence randomRecurrence(SplittableRandom random) {
        LocalDate start = EPOCH.plusDays(random.nextInt(SPAN_DAYS));
        int kind = random.nextInt(10);
        Recurrence base;
        if (kind < 5) {
            DayOfMonthRule day = random.nextInt(8) == 0 ? DayOfMonthRule.LAST_DAY_OF_MONTH
                    : DayOfMonthRule.day(random.nextInt(3) == 0 ? random.nextInt(28, 32) : random.nextInt(1, 32));
            int interval = random.nextInt(4) == 0 ? random.nextInt(1, 25) : random.nextInt(1, 4);
            base = Recurrence.everyMonths(interval, start, day);
        } else if (kind < 9) {
            int interval = random.nextInt(3) == 0 ? random.nextInt(1, 9) : random.nextInt(1, 3);
            base = Recurrence.everyWeeks(interval, start, DayOfWeek.of(random.nextInt(1, 8)));
        } else {
            base = Recurrence.once(start);
        }
        int limit = random.nextInt(3);
        if (limit == 1 && base.frequency() != Frequency.Once.ONCE) {
            return base.withOccurrences(random.nextInt(1, 40));
        }
        if (limit == 2) {
            LocalDate end = start.plusDays(random.nextInt(0, 3000));
            if (base.first().isAfter(end)) {
                Recurrence probe = base;
                assertThatThrownBy(() -> probe.withEndDate(end)).hasMessageContaining("no occurrence");
                assertThat(ReferenceRecurrence.dates(new Recurrence(start, base.frequency(), null, null), end)).isEmpty();
                return null;
            }
            return base.withEndDate(end);
        }
        return base;
    }

    private static void check(Recurrence recurrence, HolidayCalendar calendar, SplittableRandom random) {
        LocalDate horizon = recurrence.start().plusYears(12);
        List<LocalDate> expected = ReferenceRecurrence.dates(recurrence, horizon);
        List<LocalDate> actual = recurrence.nominalDates(recurrence.start().minusDays(10), horizon).toList();
        assertThat(actual).as("nominal dates up to %s", horizon).isEqualTo(expected);
        assertThat(expected).isNotEmpty();
        assertThat(recurrence.first()).isEqualTo(expected.get(0));

        for (int i = 0; i < expected.size(); i++) {
            LocalDate date = expected.get(i);
            assertThat(recurrence.nominalDate(i + 1)).contains(date);
            assertThat(recurrence.ordinalOf(date)).hasValue(i + 1);
            if (i > 0) {
                assertThat(date).isAfter(expected.get(i - 1));
            }
            assertThat(matchesRule(recurrence.frequency(), date)).as("%s matches the rule", date).isTrue();
        }
        checkLimits(recurrence, expected, horizon);
        checkProbes(recurrence, expected, horizon, random);
        checkExecutionDates(recurrence, expected, calendar);
        checkCatchUp(recurrence, expected, horizon, calendar, random);
    }

    private static void checkLimits(Recurrence recurrence, List<LocalDate> expected, LocalDate horizon) {
        if (recurrence.occurrenceCount() != null) {
            assertThat(recurrence.nominalDates()).hasSize(recurrence.occurrenceCount());
            assertThat(recurrence.nominalDate(recurrence.occurrenceCount() + 1L)).isEmpty();
            assertThat(recurrence.last()).isEqualTo(recurrence.nominalDate(recurrence.occurrenceCount()));
        }
        if (recurrence.endDate() != null) {
            assertThat(recurrence.nominalDates()).allMatch(d -> !d.isAfter(recurrence.endDate()));
            if (!recurrence.endDate().isAfter(horizon)) {
                assertThat(recurrence.last()).contains(expected.get(expected.size() - 1));
            }
        }
        if (recurrence.frequency() == Frequency.Once.ONCE) {
            assertThat(expected).containsExactly(recurrence.start());
        }
    }

    private static void checkProbes(Recurrence recurrence, List<LocalDate> expected, LocalDate horizon,
            SplittableRandom random) {
        Set<LocalDate> set = new HashSet<>(expected);
        long span = recurrence.start().until(horizon, ChronoUnit.DAYS);
        for (int p = 0; p < 20; p++) {
            LocalDate probe = recurrence.start().plusDays(random.nextLong(-40, span - 400));
            assertThat(recurrence.isNominalDate(probe)).as("isNominalDate(%s)", probe).isEqualTo(set.contains(probe));
            LocalDate onOrAfter = expected.stream().filter(d -> !d.isBefore(probe)).findFirst().orElse(null);
            LocalDate after = expected.stream().filter(d -> d.isAfter(probe)).findFirst().orElse(null);
            if (onOrAfter != null) {
                assertThat(recurrence.firstOnOrAfter(probe)).as("firstOnOrAfter(%s)", probe).contains(onOrAfter);
            } else if (isComplete(recurrence, horizon)) {
                assertThat(recurrence.firstOnOrAfter(probe)).as("firstOnOrAfter(%s)", probe).isEmpty();
            }
            if (after != null) {
                assertThat(recurrence.nextAfter(probe)).as("nextAfter(%s)", probe).contains(after);
            } else if (isComplete(recurrence, horizon)) {
                assertThat(recurrence.nextAfter(probe)).as("nextAfter(%s)", probe).isEmpty();
            }
        }
    }

    /** Whether the reference list up to the horizon holds every date the recurrence has. */
    private static boolean isComplete(Recurrence recurrence, LocalDate horizon) {
        return recurrence.last().filter(last -> !last.isAfter(horizon)).isPresent();
    }

    private static void checkExecutionDates(Recurrence recurrence, List<LocalDate> expected, HolidayCalendar calendar) {
        LocalDate[] previousByRule = new LocalDate[BusinessDayRule.values().length];
        for (LocalDate nominal : expected.subList(0, Math.min(expected.size(), 60))) {
            LocalDate next = BusinessDayRule.NEXT.apply(nominal, calendar);
            assertThat(next).isAfterOrEqualTo(nominal);
            assertThat(calendar.isBusinessDay(next)).isTrue();
            for (LocalDate d = nominal; d.isBefore(next); d = d.plusDays(1)) {
                assertThat(calendar.isBusinessDay(d)).as("%s skipped by NEXT is closed", d).isFalse();
            }
            LocalDate previous = BusinessDayRule.PREVIOUS.apply(nominal, calendar);
            assertThat(previous).isBeforeOrEqualTo(nominal);
            assertThat(calendar.isBusinessDay(previous)).isTrue();
            for (LocalDate d = nominal; d.isAfter(previous); d = d.minusDays(1)) {
                assertThat(calendar.isBusinessDay(d)).as("%s skipped by PREVIOUS is closed", d).isFalse();
            }
            LocalDate modified = BusinessDayRule.MODIFIED_FOLLOWING.apply(nominal, calendar);
            assertThat(modified).isEqualTo(next.getMonth() == nominal.getMonth() ? next : previous);
            assertThat(BusinessDayRule.NONE.apply(nominal, calendar)).isEqualTo(nominal);
            for (BusinessDayRule rule : BusinessDayRule.values()) {
                LocalDate execution = rule.apply(nominal, calendar);
                LocalDate earlier = previousByRule[rule.ordinal()];
                if (earlier != null) {
                    assertThat(execution).as("%s execution dates never go backwards", rule).isAfterOrEqualTo(earlier);
                }
                previousByRule[rule.ordinal()] = execution;
            }
            // the execution date is derived: the occurrence is still named by its nominal date
            assertThat(recurrence.isNominalDate(nominal)).isTrue();
            assertThat(new Occurrence(1, nominal).attempt(1).occurrence().nominalDate()).isEqualTo(nominal);
        }
    }

    private static void checkCatchUp(Recurrence recurrence, List<LocalDate> expected, LocalDate horizon,
            HolidayCalendar calendar, SplittableRandom random) {
        BusinessDayRule rule = BusinessDayRule.values()[random.nextInt(BusinessDayRule.values().length)];
        ExecutionTiming timing = ExecutionTiming.of(ZoneId.of("Asia/Seoul"), calendar, rule);
        int from = random.nextInt(expected.size());
        LocalDate nextDue = expected.get(from);
        LocalDate today = nextDue.plusDays(random.nextInt(-10, 200));
        if (today.isAfter(horizon.minusDays(30))) { // the reference list ends at the horizon
            today = horizon.minusDays(30);
        }
        LocalDate day = today;
        CatchUpPolicy policy = CatchUpPolicy.values()[random.nextInt(CatchUpPolicy.values().length)];
        CatchUpPlan plan = policy.plan(recurrence, timing, nextDue, day);
        List<LocalDate> fallen = expected.subList(from, expected.size()).stream()
                .filter(d -> !timing.executionDate(d).isAfter(day)).toList();
        Set<LocalDate> planned = new HashSet<>(plan.toRun());
        assertThat(plan.toSkip()).noneMatch(planned::contains);
        planned.addAll(plan.toSkip());
        assertThat(planned).as("%s plan for today %s", policy, today).containsExactlyInAnyOrderElementsOf(fallen);
        assertThat(plan.toRun()).allMatch(d -> policy != CatchUpPolicy.SKIP_MISSED || timing.executionDate(d).equals(day));
        int next = from + fallen.size();
        if (next < expected.size()) {
            assertThat(plan.nextDue()).contains(expected.get(next));
        }
    }

    private static boolean matchesRule(Frequency frequency, LocalDate date) {
        if (frequency instanceof Frequency.Monthly monthly) {
            return monthly.day().matches(date);
        }
        if (frequency instanceof Frequency.Weekly weekly) {
            return date.getDayOfWeek() == weekly.day();
        }
        return true;
    }
}
