package dev.autotransfer.domain;

/**
 * The kinds of insert-only history event an occurrence can have.
 *
 * <p>Every event carries an attempt number and its key. STARTED, SKIPPED and CANCELLED share one
 * "opened" slot per key (SKIPPED and CANCELLED take the key the next attempt would use);
 * SUCCEEDED and FAILED are a key's one final outcome; UNKNOWN may repeat. Thread-safe (an enum).
 */
public enum EventType {
    /** An attempt was opened; written and committed before the bank is called, with the whole request. */
    STARTED,
    /** The bank's answer did not settle the attempt (timeout, 5xx, in progress, mismatched echo). */
    UNKNOWN,
    /** The bank executed the attempt; carries its external transaction id. */
    SUCCEEDED,
    /** The bank definitively refused the attempt; carries the rejection code. */
    FAILED,
    /** The occurrence went to a person after its retries were used up. */
    DEAD_LETTERED,
    /** A person sent a dead-lettered occurrence back; carries the next attempt's number. */
    REQUEUED,
    /** The occurrence was skipped (catch-up policy) before any attempt. */
    SKIPPED,
    /** The schedule was cancelled while the occurrence had no open attempt. */
    CANCELLED;

    /** Whether the event is a key's final outcome. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
