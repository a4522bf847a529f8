package dev.autotransfer;

import java.util.List;
import java.util.Objects;

/**
 * A schedule was submitted under a client reference that is already stored with other content.
 *
 * <p>Creation is idempotent by client reference: the same spec again returns the stored schedule,
 * while a different spec under the same reference is most likely a client bug (a reused
 * reference) and is refused rather than silently ignored or applied. The message names the
 * reference, the stored schedule's id and the fields that differ (see
 * {@link dev.autotransfer.domain.ScheduleSpec#differencesFrom}), never their values, so it holds
 * no account number or amount.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class ScheduleConflictException extends AutoTransferException {

    private static final long serialVersionUID = 1L;

    /** The client reference that is stored with other content. */
    private final String clientReference;
    /** The id of the schedule stored under the reference. */
    private final long existingScheduleId;
    /** The names of the fields that differ, in declaration order. */
    private final List<String> differingFields;

    /**
     * An exception for a reference stored as schedule {@code existingScheduleId} whose content
     * differs in the named fields.
     *
     * @param differingFields field names of {@link dev.autotransfer.domain.ScheduleSpec}, not empty
     */
    public ScheduleConflictException(String clientReference, long existingScheduleId, List<String> differingFields) {
        super(message(clientReference, existingScheduleId, differingFields));
        this.clientReference = clientReference;
        this.existingScheduleId = existingScheduleId;
        this.differingFields = List.copyOf(differingFields);
    }

    private static String message(String clientReference, long existingScheduleId, List<String> differingFields) {
        Objects.requireNonNull(clientReference, "clientReference");
        if (Objects.requireNonNull(differingFields, "differingFields").isEmpty()) {
            throw new IllegalArgumentException("differingFields must name at least one field");
        }
        return "clientReference '" + clientReference + "' is already registered as schedule " + existingScheduleId
                + " with other content; differing fields: " + String.join(", ", differingFields);
    }

    /** The client reference that is stored with other content. */
    public String clientReference() {
        return clientReference;
    }

    /** The id of the schedule stored under the reference. */
    public long existingScheduleId() {
        return existingScheduleId;
    }

    /** The names of the fields that differ, in declaration order; immutable. */
    public List<String> differingFields() {
        return differingFields;
    }
}
