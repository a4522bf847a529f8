package dev.autotransfer.examples;

import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.domain.HistoryEvent;

/**
 * How one occurrence ended, read from its story (history, not engine counters): its end state, how
 * many definitive refusals it met, and whether an answer was unknown on the way.
 *
 * <p>Immutable and thread-safe.
 *
 * @param state the end state, or PENDING while the occurrence still waits for the engine
 * @param failures FAILED events (definitive refusals), each followed by a new attempt or the dead letter
 * @param unknowns UNKNOWN events (no clear answer; resolved by inquiry or by re-sending the same key)
 */
record OccurrenceOutcome(State state, int failures, int unknowns) {

    /** Where an occurrence ended. */
    enum State { SUCCEEDED, DEAD_LETTERED, SKIPPED, CANCELLED, PENDING }

    static OccurrenceOutcome of(OccurrenceStory story) {
        State state = State.PENDING;
        int failures = 0;
        int unknowns = 0;
        for (HistoryEvent event : story.events()) {
            switch (event.type()) {
                case FAILED -> failures++;
                case UNKNOWN -> unknowns++;
                case SUCCEEDED -> state = State.SUCCEEDED;
                case DEAD_LETTERED -> state = state == State.SUCCEEDED ? state : State.DEAD_LETTERED;
                case REQUEUED -> state = state == State.SUCCEEDED ? state : State.PENDING;
                case SKIPPED -> state = State.SKIPPED;
                case CANCELLED -> state = State.CANCELLED;
                default -> { }
            }
        }
        return new OccurrenceOutcome(state, failures, unknowns);
    }

    boolean finished() {
        return state != State.PENDING;
    }

    /** Paid after at least one definitive refusal. */
    boolean retriedThenPaid() {
        return state == State.SUCCEEDED && failures > 0;
    }

    /** An answer was unknown, and the occurrence still reached its end. */
    boolean unknownThenResolved() {
        return unknowns > 0 && finished();
    }
}
