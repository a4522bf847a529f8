package dev.autotransfer.simulation;

/** A bank's behaviour from some moment on, set by {@link Op.Mood}. */
enum BankMood {
    /** Answers every request at once, correctly. */
    CALM,
    /** Loses some requests or answers (timeouts before and after executing, late arrivals, "in progress"). */
    FLAKY,
    /** Refuses some requests: insufficient funds, account closed, invalid account. */
    REFUSING,
    /** Echoes a wrong amount in some answers. */
    WRONG_ECHO,
    /** Takes minutes to answer (the clock advances during the call). */
    SLOW,
    /** Down for the next 20 minutes: every call answers as an outage. */
    OUTAGE,
    /** Times out often, before and after executing (on the bank that keeps keys an hour, unknowns outlive their keys). */
    TIMING_OUT,
    /** Processes some requests twice internally. */
    DUPLICATING,
    /** Loses many requests on the way in, then executes them minutes later, some acknowledged as "in progress". */
    LATE_ARRIVING
}
