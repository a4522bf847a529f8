package dev.autotransfer.simulation;

/** A database error the simulation injects into the transfer store's connections. */
enum DbFaultKind {
    /** A statement fails as a lock wait timeout. */
    LOCK_TIMEOUT,
    /** A statement fails as a deadlock victim. */
    DEADLOCK,
    /** A statement fails as a serialization failure (SQLState 40001). */
    SERIALIZATION_FAILURE,
    /** A commit takes effect, then the connection drops before the answer. */
    LOST_COMMIT_APPLIED,
    /** The connection drops during a commit that never reached the server. */
    LOST_COMMIT_DROPPED
}
