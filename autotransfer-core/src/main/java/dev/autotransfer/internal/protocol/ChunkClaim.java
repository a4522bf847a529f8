package dev.autotransfer.internal.protocol;

/**
 * How many work items one chunk asked for (0 when the bank's pipeline was full) and how many it got.
 * Immutable and thread-safe.
 */
public record ChunkClaim(int asked, int claimed) {
}
