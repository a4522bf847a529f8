package dev.autotransfer.testkit;

/**
 * Makes a store's next commit end as if the connection dropped while committing, for the contract's
 * "commit whose outcome is unknown" tests. A JDBC store's implementation wraps its data source (the
 * commit takes effect, or is rolled back, and then throws SQLState 08006); the in-memory store has
 * {@code loseNextCommits}. Must be safe to call from the test thread while no store call runs.
 */
public interface StoreFaults {

    /**
     * The next commit of the transfer store's transactions fails as a lost connection; with
     * {@code takeEffect} after the changes were committed, without it after they were rolled back.
     */
    void loseNextCommit(boolean takeEffect);
}
