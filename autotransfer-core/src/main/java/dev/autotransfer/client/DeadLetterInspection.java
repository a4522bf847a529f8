package dev.autotransfer.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A dead-letter entry with its occurrence's story, and whether a requeue would be allowed now.
 *
 * <p>{@code requeueRefusal} is derived from the same rules {@link DeadLetterClient#requeue} checks
 * (its answer may change before a requeue is attempted: the requeue checks again under a lock).
 * Immutable and thread-safe.
 *
 * @param entry the entry
 * @param story the occurrence's attempts, pending work item and dead-letter entries
 * @param requeueRefusal why a requeue would be refused now, or null when it would be allowed
 */
public record DeadLetterInspection(DeadLetter entry, OccurrenceStory story, String requeueRefusal) {

    /** Checks the required fields. */
    public DeadLetterInspection {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(story, "story");
    }

    /** Whether a requeue would be allowed now. */
    public boolean canRequeue() {
        return requeueRefusal == null;
    }

    /** Why a requeue would be refused now. */
    public Optional<String> whyNotRequeue() {
        return Optional.ofNullable(requeueRefusal);
    }
}
