package dev.autotransfer.spi;

import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Priority;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A work item this node claimed: the occurrence to act on and the lease (token and expiry) that
 * fences every engine write about it until {@code leaseUntil}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the work item's row id, at least 1
 * @param occurrence the occurrence the work item is for
 * @param bankCode the bank the transfer goes through
 * @param priority the schedule's priority
 * @param kind why the occurrence needs action (CURRENT, CATCH_UP, REQUEUED, OPEN_ATTEMPT)
 * @param leaseToken the token written with the lease; engine writes check it
 * @param leaseUntil when the lease expires and another node may claim the item
 */
public record ClaimedWorkItem(long id, Occurrence occurrence, String bankCode, Priority priority, String kind,
        UUID leaseToken, Instant leaseUntil) {

    /** Validates the fields. */
    public ClaimedWorkItem {
        if (id < 1) {
            throw new IllegalArgumentException("id must be at least 1, was " + id);
        }
        Objects.requireNonNull(occurrence, "occurrence");
        Objects.requireNonNull(bankCode, "bankCode");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(leaseToken, "leaseToken");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
    }
}
