package dev.autotransfer.simulation;

/**
 * The engine as built, or a deliberately broken variant of it that the harness must catch. The
 * variants are built in the harness's decorators around the engine's store and bank client, at the
 * boundary where the real bug would show, so no switch to break money movement exists in the
 * library itself:
 */
enum Variant {
    /** The engine as shipped. */
    CORRECT,
    /** An unknown outcome is taken for a failure: the next attempt gets a new key (its history's UNKNOWN read as FAILED). */
    NEW_KEY_AFTER_UNKNOWN,
    /** An inquiry's "not found" is taken as a definitive failure instead of a reason to re-send the same key. */
    NOT_FOUND_AS_FAILURE,
    /** The STARTED row is committed after the bank call instead of before it. */
    STARTED_AFTER_CALL,
    /** A re-send is built from the schedule's current values instead of the recorded request. */
    RESEND_FROM_CURRENT_VALUES,
    /** The claim does not check leases: another engine's live lease is taken over. */
    LEASE_CHECK_REMOVED
}
