package dev.autotransfer.internal.protocol;

import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.HistoryEvent;

/** What the engine does next with a claimed occurrence, decided from its history alone. */
public sealed interface NextStep {

    /** The occurrence already succeeded: repair the schedule's bookkeeping, call nothing. */
    public record RepairAfterSuccess(HistoryEvent succeeded) implements NextStep {
    }

    /** The occurrence is skipped, cancelled or dead-lettered: release its work item, call nothing. */
    public record Finished(HistoryEvent last) implements NextStep {
    }

    /** An attempt is open and its last answer was uncertain: ask the bank about that key. */
    public record Inquire(HistoryEvent started) implements NextStep {
    }

    /** An attempt is open with no answer recorded (a crash after STARTED): re-send its recorded request. */
    public record Resend(HistoryEvent started) implements NextStep {
    }

    /** An open attempt nears the end of the bank's key retention: a person decides, nothing is re-sent. */
    public record EscalateToPerson(HistoryEvent started) implements NextStep {
    }

    /** The schedule is cancelled and no attempt is open: end the occurrence CANCELLED under this key. */
    public record Cancel(AttemptKey key) implements NextStep {
    }

    /** The schedule is paused and no attempt is open: leave the occurrence until it resumes. */
    public record Park() implements NextStep {
    }

    /** The retry limit is used up: dead-letter the occurrence under its last key. */
    public record DeadLetter(AttemptKey lastKey, int failures) implements NextStep {
    }

    /** Open a new attempt under this key (the first, or after a definitive failure). */
    public record StartAttempt(AttemptKey key) implements NextStep {
    }
}
