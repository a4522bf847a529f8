package dev.autotransfer.internal.protocol;

import dev.autotransfer.event.Alarm;
import dev.autotransfer.spi.TransferStore.Advance;
import dev.autotransfer.spi.TransferStore.ClaimedOccurrence;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the protocol decided for one claimed occurrence, as values only: the events to insert, what
 * happens to its work item, how its schedule moves on, what the run's tally counts and the alarm to
 * raise. {@link DecisionApplier} applies it, and works the schedule's move out once. Immutable.
 *
 * @param co the claimed occurrence
 * @param at when it was decided (the answer's time for a bank call)
 * @param events the events to insert, in order (an opening has exactly one)
 * @param followUp what happens to the work item, without the schedule's move
 * @param move how the schedule moves on
 * @param counts what the run's tally counts
 * @param alarm the alarm to raise, or null
 * @param alarmDetail the alarm's text, or null
 */
record ItemDecision(ClaimedOccurrence co, Instant at, List<NewEvent> events, FollowUp followUp, ScheduleMove move,
        Set<Count> counts, Alarm.Kind alarm, String alarmDetail) {

    /** Copies the collections. */
    ItemDecision {
        Objects.requireNonNull(co, "co");
        Objects.requireNonNull(at, "at");
        events = List.copyOf(events);
        Objects.requireNonNull(followUp, "followUp");
        Objects.requireNonNull(move, "move");
        counts = counts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(counts));
    }

    /** A decision that writes these events and this follow-up, moves the schedule nowhere, counts nothing. */
    static ItemDecision of(ClaimedOccurrence co, Instant at, List<NewEvent> events, FollowUp followUp) {
        return new ItemDecision(co, at, events, followUp, ScheduleMove.STAYS, Set.of(), null, null);
    }

    /** This decision with the schedule moving as given. */
    ItemDecision moving(ScheduleMove value) {
        return new ItemDecision(co, at, events, followUp, value, counts, alarm, alarmDetail);
    }

    /** This decision counting these too. */
    ItemDecision counting(Count... more) {
        EnumSet<Count> all = counts.isEmpty() ? EnumSet.noneOf(Count.class) : EnumSet.copyOf(counts);
        all.addAll(List.of(more));
        return new ItemDecision(co, at, events, followUp, move, all, alarm, alarmDetail);
    }

    /** This decision raising an alarm. */
    ItemDecision alarming(Alarm.Kind kind, String detail) {
        return new ItemDecision(co, at, events, followUp, move, counts, Objects.requireNonNull(kind, "kind"), detail);
    }

    /** What the run's tally counts for a decision. */
    enum Count {
        /** Progress for the heartbeat: an occurrence ended or a send was answered. */
        PROCESSED,
        SUCCEEDED,
        FAILED,
        UNKNOWN,
        DEAD_LETTERED,
        ESCALATED,
        NOT_SENT,
        FENCED,
        SKIPPED,
        CANCELLED
    }

    /** How the schedule moves on with a decision. */
    sealed interface ScheduleMove {

        /** The schedule does not move. */
        ScheduleMove STAYS = new Stays();

        /** The schedule moves past an occurrence still open, when its next one is due (or not at all yet). */
        ScheduleMove WHILE_OPEN = new WhileOpen();

        /** The occurrence ended: executed at an instant, or not executed (null). */
        static ScheduleMove ended(Instant executedAt) {
            return new Ended(executedAt);
        }

        /** A move already worked out (the decision depended on it). */
        static ScheduleMove given(Advance advance) {
            return new Given(advance);
        }

        /** The schedule does not move. */
        record Stays() implements ScheduleMove {
        }

        /** The schedule moves past an open occurrence when due. */
        record WhileOpen() implements ScheduleMove {
        }

        /** The occurrence ended. */
        record Ended(Instant executedAt) implements ScheduleMove {
        }

        /** A move already worked out, or null for none. */
        record Given(Advance advance) implements ScheduleMove {
        }
    }
}
