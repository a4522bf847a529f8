package dev.autotransfer.simulation;

/** Where a simulated engine can die; each must be reached in every CI run. */
enum CrashPoint {
    /** Its claim committed (leases held), nothing opened yet. */
    AFTER_CLAIM,
    /** Its chunk's STARTED rows committed, no call made yet. */
    AFTER_STARTED,
    /** In the middle of a chunk's calls, every item of the chunk still leased, this call not sent. */
    HOLDING_LEASES,
    /** The bank executed the call; its answer never reached the engine. */
    AFTER_BANK_EXECUTED,
    /** During the commit of the outcomes: the commit took effect or did not, the engine never learns which. */
    DURING_OUTCOME_COMMIT
}
