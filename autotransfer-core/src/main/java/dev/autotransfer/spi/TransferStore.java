package dev.autotransfer.spi;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the engine needs from storage to run the execution protocol: claim work items under a
 * lease, read what they are about, open attempts under a fence, and record outcomes.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>{@link #claim} takes, in one short transaction, up to {@code limit} work items of one bank
 *       and priority whose not-before time and lease have passed, skipping rows another claimer
 *       holds, and leases them with one fresh token until {@code now + lease}.</li>
 *   <li>{@link #open} writes each {@link Opening}'s event only if the work item's lease token is
 *       still the one claimed and the schedule still has the status and version the decision was
 *       built from; otherwise nothing of that opening is written ({@link OpenResult#FENCED}). An
 *       event a unique rule refuses (a twin won) writes nothing else ({@link OpenResult#REFUSED}).
 *       Every STARTED is committed when this method returns: the engine calls the bank only after.</li>
 *   <li>{@link #record} inserts each {@link Recording}'s events unconditionally under the unique
 *       rules (the bank already answered; the answer must not be lost to a lost lease), and applies
 *       its {@link FollowUp}'s work item action, retry count and schedule advance only while the
 *       lease token is still held.</li>
 *   <li>Both write methods may commit a whole list at once; when such a commit fails they fall back
 *       to one item at a time, so one poison row cannot hold back the others, and report per item.
 *       A connection lost during a commit is "maybe committed": the store re-reads before it
 *       answers, or throws.</li>
 *   <li>No method holds a transaction open after it returns.</li>
 * </ul>
 *
 * <p><b>Thread-safety.</b> Implementations must be safe for concurrent use by any number of threads
 * and nodes; they coordinate only through the database.
 */
public interface TransferStore {

    /**
     * The prefix that tells this installation's idempotency keys apart from every other
     * installation's at a bank (the JDBC store: {@code <installation id>-}, drawn by the database
     * at install), used by the engine when its config sets none. May block on one read; called once
     * when an engine is built. Default: none.
     */
    default java.util.Optional<String> installationKeyPrefix() {
        return java.util.Optional.empty();
    }

    /**
     * Claims due work items of one bank and priority.
     *
     * @return the claimed items, possibly empty
     */
    List<ClaimedWorkItem> claim(String bankCode, Priority priority, int limit, String nodeId, Instant now,
            Duration lease);

    /**
     * Claims a chunk and opens what {@code decide} plans for it, in as few transactions as the store
     * can: the JDBC store claims, reads (schedules locked) and writes the openings in one. A
     * transaction is open while {@code decide} runs, so it must be quick and must not touch the store.
     * {@code decide} may be called more than once (a failed combined transaction is retried step by
     * step); only its last answer counts.
     *
     * <p>The default does it step by step: {@link #claim}, {@link #load}, {@code decide}, {@link #open}.
     *
     * @return what was claimed and opened, with the result of each opening
     */
    default ClaimedChunk claimAndOpen(String bankCode, Priority priority, int limit, String nodeId, Instant now,
            Duration lease, Function<List<ClaimedOccurrence>, List<Opening>> decide) {
        List<ClaimedWorkItem> items = claim(bankCode, priority, limit, nodeId, now, lease);
        if (items.isEmpty()) {
            return ClaimedChunk.EMPTY;
        }
        List<ClaimedOccurrence> loaded = load(items);
        List<Opening> openings = decide.apply(loaded);
        return new ClaimedChunk(loaded, openings, openings.isEmpty() ? List.of() : open(openings, nodeId, now));
    }

    /**
     * A claimed chunk and its openings.
     *
     * @param occurrences the claimed occurrences, in claim order
     * @param openings what the decision opened
     * @param results the result of each opening, in order
     */
    record ClaimedChunk(List<ClaimedOccurrence> occurrences, List<Opening> openings, List<OpenResult> results) {

        /** Nothing claimed. */
        public static final ClaimedChunk EMPTY = new ClaimedChunk(List.of(), List.of(), List.of());

        /** Copies the lists and checks one result per opening. */
        public ClaimedChunk {
            occurrences = List.copyOf(occurrences);
            openings = List.copyOf(openings);
            results = List.copyOf(results);
            if (openings.size() != results.size()) {
                throw new IllegalArgumentException(results.size() + " results for " + openings.size() + " openings");
            }
        }
    }

    /** The schedule and the history of each claimed item's occurrence, in the items' order. */
    List<ClaimedOccurrence> load(List<ClaimedWorkItem> items);

    /**
     * Writes openings under their fences; one result per opening, in order.
     *
     * @param nodeId the writing node, stored with the events
     * @param now the engine's time, for bookkeeping columns
     */
    List<OpenResult> open(List<Opening> openings, String nodeId, Instant now);

    /**
     * Records outcomes and their follow-ups; one result per recording, in order. Events the bank's
     * answer settles (SUCCEEDED, FAILED, UNKNOWN) are inserted whatever the lease, under the unique
     * rules; engine decisions (DEAD_LETTERED, SKIPPED, CANCELLED) and the follow-up only while the
     * recording's lease token is still the work item's, so a node whose lease lapsed never ends an
     * occurrence that another node has settled since.
     *
     * @param nodeId the writing node, stored with the events
     * @param now the engine's time, for bookkeeping columns
     */
    List<RecordResult> record(List<Recording> recordings, String nodeId, Instant now);

    /**
     * How many work items, over all banks, are claimable at {@code now} (for progress, alarms and the
     * run's completion), leaving out those of paused schedules.
     */
    long countDue(Instant now);

    /**
     * Like {@link #countDue}, by bank code (banks with nothing due are left out), for the warning
     * that a run cannot finish in time. The default throws {@link UnsupportedOperationException},
     * which the engine logs instead of warning.
     */
    default java.util.Map<String, Long> countDueByBank(Instant now) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not count due work by bank");
    }

    /**
     * A claimed item with what the engine decides from.
     *
     * @param item the claimed work item
     * @param schedule its schedule as stored now
     * @param history its occurrence's history in sequence order
     */
    record ClaimedOccurrence(ClaimedWorkItem item, Schedule schedule, OccurrenceHistory history) {

        /** Checks that the parts belong together. */
        public ClaimedOccurrence {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(history, "history");
            if (schedule.id() != item.occurrence().scheduleId() || !history.occurrence().equals(item.occurrence())) {
                throw new IllegalArgumentException("schedule " + schedule.id() + " and history of "
                        + history.occurrence() + " do not belong to work item " + item.id());
            }
        }
    }

    /**
     * An event to insert, before the database gave it its sequence value.
     *
     * @param key the attempt key
     * @param type the event type
     * @param occurredAt when, by the engine's time source
     * @param request the whole request, exactly on STARTED
     * @param externalTransactionId the bank's id on SUCCEEDED, or null
     * @param code a rejection code or reason (required on FAILED), or null
     * @param detail free text without account numbers, or null
     */
    record NewEvent(AttemptKey key, EventType type, Instant occurredAt, TransferRequest request,
            String externalTransactionId, String code, String detail) {

        /** Validates that exactly STARTED carries a request and FAILED a code. */
        public NewEvent {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(occurredAt, "occurredAt");
            if ((type == EventType.STARTED) != (request != null)) {
                throw new IllegalArgumentException("request must be present exactly on STARTED, was "
                        + (request == null ? "absent" : "present") + " on " + type + " of " + key);
            }
            if (type == EventType.FAILED && code == null) {
                throw new IllegalArgumentException("FAILED of " + key + " needs a code");
            }
        }

        /** An event without request, bank id or code. */
        public static NewEvent of(AttemptKey key, EventType type, Instant at, String code, String detail) {
            return new NewEvent(key, type, at, null, null, code, detail);
        }
    }

    /** The kind of a dead-letter entry. */
    enum DeadLetterKind {
        /** The retry limit was used up after definitive failures; requeue is allowed. */
        EXHAUSTED,
        /** An outcome stayed unknown past the bank's key retention; a person must find out what happened. */
        UNRESOLVED
    }

    /**
     * A dead-letter entry to write with an event.
     *
     * @param key the attempt key it is about (its last key)
     * @param bankKey the idempotency key that attempt sent to the bank, as its STARTED recorded it
     *     (the key with the installation's prefix), so a person asks the bank about the right key
     * @param kind why
     * @param code the last rejection code or reason, or null
     * @param detail free text without account numbers, or null
     */
    record DeadLetterEntry(AttemptKey key, String bankKey, DeadLetterKind kind, String code, String detail) {

        /** Validates the fields. */
        public DeadLetterEntry {
            Objects.requireNonNull(key, "key");
            TransferRequest.requireValidKey(bankKey);
            if (!bankKey.endsWith(key.format())) {
                throw new IllegalArgumentException("bankKey '" + bankKey + "' is not a key of attempt " + key);
            }
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * The schedule moving on from an occurrence: only from its current one and never backwards.
     *
     * @param from the occurrence the schedule must still point at, or the update is skipped
     * @param to the new current occurrence, or null when the recurrence has none left
     * @param executedAt when {@code from} succeeded (sets last executed), or null
     * @param newItems work items to create for occurrences that now need action (duplicates ignored)
     * @param skipped occurrences to record SKIPPED (missed under the catch-up policy), with their keys
     */
    record Advance(LocalDate from, LocalDate to, Instant executedAt, List<NewWorkItem> newItems,
            List<NewEvent> skipped) {

        /** Copies the lists. */
        public Advance {
            Objects.requireNonNull(from, "from");
            newItems = List.copyOf(newItems);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * A work item to create.
     *
     * @param occurrence the occurrence
     * @param bankCode the bank it goes through
     * @param priority its priority
     * @param kind CURRENT, CATCH_UP, REQUEUED or OPEN_ATTEMPT
     * @param notBefore the first instant it may execute
     */
    record NewWorkItem(Occurrence occurrence, String bankCode, Priority priority, String kind, Instant notBefore) {

        /** Validates the fields. */
        public NewWorkItem {
            Objects.requireNonNull(occurrence, "occurrence");
            Objects.requireNonNull(bankCode, "bankCode");
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(notBefore, "notBefore");
        }
    }

    /** What happens to the claimed work item after a write. */
    enum ItemAction {
        /** Keep it leased (a bank call follows). */
        KEEP,
        /** Release the lease; the item may be claimed again from {@code retryAt}. */
        RELEASE,
        /** Delete it: the occurrence left the engine's hands (ended, or waits for a person). */
        DELETE
    }

    /**
     * What follows a write: the claimed work item's fate, the schedule's summary retry count and
     * advance (applied only while the lease token is held), and a dead-letter entry (written when
     * the last event of the write was inserted, whoever holds the lease: side effects follow the
     * insert that won, and the entry's own unique key refuses a twin).
     *
     * @param action what happens to the work item
     * @param retryAt with RELEASE, when the item may be claimed again; otherwise null
     * @param pendingReason with RELEASE, why it waits (shown to operators), or null
     * @param retryCount the schedule's summary retry count to store when it still points at this
     *     occurrence, or null to leave it
     * @param advance the schedule moving on, or null
     * @param deadLetter a dead-letter entry to write, or null
     * @param releaseFence with RELEASE, the schedule version the wait was decided from: when the
     *     schedule's version is another one by then (a user resumed or edited it meanwhile), the item
     *     is released for now instead, to be decided again; null for no such check
     */
    record FollowUp(ItemAction action, Instant retryAt, String pendingReason, Integer retryCount, Advance advance,
            DeadLetterEntry deadLetter, Long releaseFence) {

        /** Validates that exactly RELEASE carries an instant. */
        public FollowUp {
            Objects.requireNonNull(action, "action");
            if ((action == ItemAction.RELEASE) != (retryAt != null)) {
                throw new IllegalArgumentException("retryAt must be present exactly with RELEASE, was " + retryAt
                        + " with " + action);
            }
        }

        /** Keep the item leased; nothing else. */
        public static FollowUp keep() {
            return new FollowUp(ItemAction.KEEP, null, null, null, null, null, null);
        }

        /** Delete the work item; nothing else. */
        public static FollowUp done() {
            return new FollowUp(ItemAction.DELETE, null, null, null, null, null, null);
        }

        /** Release the item until the instant, for the reason. */
        public static FollowUp retryAt(Instant at, String reason) {
            return new FollowUp(ItemAction.RELEASE, Objects.requireNonNull(at, "at"), reason, null, null, null, null);
        }

        /** This follow-up with the schedule moving on (null: no advance). */
        public FollowUp withAdvance(Advance value) {
            return new FollowUp(action, retryAt, pendingReason, retryCount, value, deadLetter, releaseFence);
        }

        /** This follow-up with a retry count to store. */
        public FollowUp withRetryCount(int value) {
            return new FollowUp(action, retryAt, pendingReason, value, advance, deadLetter, releaseFence);
        }

        /** This follow-up released for now instead when the schedule's version is no longer {@code version}. */
        public FollowUp withReleaseFence(long version) {
            return new FollowUp(action, retryAt, pendingReason, retryCount, advance, deadLetter, version);
        }

        /** This follow-up with a dead-letter entry. */
        public FollowUp withDeadLetter(DeadLetterEntry value) {
            return new FollowUp(action, retryAt, pendingReason, retryCount, advance, value, releaseFence);
        }
    }

    /**
     * An engine decision that opens an occurrence's attempt slot or ends it (STARTED, SKIPPED,
     * CANCELLED, DEAD_LETTERED), fenced by the lease and the schedule's status and version.
     *
     * @param item the claimed work item (its lease token is the fence)
     * @param expectedStatus the schedule status the decision was built from
     * @param expectedVersion the schedule version the decision was built from
     * @param event the event to insert
     * @param followUp applied in the same transaction when the event was inserted
     */
    record Opening(ClaimedWorkItem item, ScheduleStatus expectedStatus, long expectedVersion, NewEvent event,
            FollowUp followUp) {

        /** Validates the fields. */
        public Opening {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(expectedStatus, "expectedStatus");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(followUp, "followUp");
        }
    }

    /** What became of an opening. */
    enum OpenResult {
        /** The event was inserted and its follow-up applied. */
        OPENED,
        /** The lease was lost or the schedule changed status or version: nothing was written. */
        FENCED,
        /** A unique rule refused the event (a twin decision won): nothing was written. */
        REFUSED,
        /** The write failed even alone; nothing was written (the item is retried after its lease). */
        FAILED
    }

    /**
     * The outcome of a bank call (or a decision that needs no fence on the schedule) and what follows.
     *
     * @param item the claimed work item
     * @param events events inserted unconditionally under the unique rules, in order (may be empty)
     * @param followUp applied while the lease is held
     */
    record Recording(ClaimedWorkItem item, List<NewEvent> events, FollowUp followUp) {

        /** Copies the list. */
        public Recording {
            Objects.requireNonNull(item, "item");
            events = List.copyOf(events);
            Objects.requireNonNull(followUp, "followUp");
        }
    }

    /**
     * What became of a recording.
     *
     * @param inserted for each event, whether it was inserted (false: a unique rule refused it)
     * @param leaseHeld whether the follow-up was applied (the lease token was still this node's)
     * @param failed whether the write failed even alone (nothing was written)
     */
    record RecordResult(List<Boolean> inserted, boolean leaseHeld, boolean failed) {

        /** Copies the list. */
        public RecordResult {
            inserted = List.copyOf(inserted);
        }
    }
}
