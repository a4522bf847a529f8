package dev.autotransfer.engine;

/**
 * How many work items one chunk asked for (0 when the bank's pipeline was full) and how many it got.
 * Immutable and thread-safe.
 */
record ChunkClaim(int asked, int claimed) {
}
