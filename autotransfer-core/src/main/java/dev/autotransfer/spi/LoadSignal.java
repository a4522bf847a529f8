package dev.autotransfer.spi;

/**
 * A reading of a resource the engine's work strains that the engine cannot see itself (the
 * database's CPU, a replica's lag, a downstream queue), fed into its backpressure: while any signal
 * reads 1 or more, the engine halves its active workers at each evaluation; when all read less, it
 * adds one back. Called from worker threads between chunks, often concurrently: implementations must
 * be thread-safe, fast (a cached value, no blocking I/O) and must not throw; an exception counts as
 * no strain and is logged.
 */
@FunctionalInterface
public interface LoadSignal {

    /** The load now: below 1 the resource copes, 1 or more it is strained. */
    double load();
}
