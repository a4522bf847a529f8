package dev.autotransfer.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lock of an in-memory store and its transactions: a write runs on the live rows, or, while
 * a lost commit is armed, on a copy that replaces them only if the lost commit "took effect". Also
 * the JDBC store's way of writing a list: the whole list at once, and when that fails each item
 * alone, written once more when its commit may have taken effect. Thread-safe.
 */
final class MemoryTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryTransferStore.class);

    private final Object lock = new Object();
    private MemoryTables tables = new MemoryTables();
    private int commitsToLose;
    private boolean lostCommitsTakeEffect;

    /** The connection dropped during a commit: the write may or may not have taken effect. */
    static final class LostCommit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostCommit(boolean tookEffect) {
            super("simulated: connection lost while committing (" + (tookEffect ? "it took effect" : "it did not")
                    + ", which the caller cannot know)", null, false, false);
        }
    }

    /** A write the schema would refuse (a value too long for its column, say): nothing of it is written. */
    static final class CheckFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailure(String message) {
            super(message, null, false, false);
        }
    }

    void loseNextCommits(int count, boolean takeEffect) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        synchronized (lock) {
            commitsToLose = count;
            lostCommitsTakeEffect = takeEffect;
        }
    }

    <R> R read(Function<MemoryTables, R> query) {
        synchronized (lock) {
            return query.apply(tables);
        }
    }

    /**
     * Runs a write that no simulated lost commit touches: in a database it commits on another store's
     * connection (a run store's resume waking work items), so the transfer store's faults are not its.
     */
    void writeOutsideFaults(Consumer<MemoryTables> change) {
        synchronized (lock) {
            change.accept(tables);
        }
    }

    /**
     * Runs the write atomically. A write that throws must do so before it changes anything (checks
     * first), since only a write with an armed lost commit runs on a copy.
     *
     * @throws LostCommit when an armed lost commit fires
     */
    <R> R write(Function<MemoryTables, R> change) {
        synchronized (lock) {
            if (commitsToLose == 0) {
                return change.apply(tables);
            }
            MemoryTables copy = tables.copy();
            change.apply(copy);
            commitsToLose--;
            if (lostCommitsTakeEffect) {
                tables = copy;
            }
            throw new LostCommit(lostCommitsTakeEffect);
        }
    }

    /**
     * The list in one write; when that fails, each item alone; an item that fails alone gets
     * {@code failed}. A lost commit is never answered without writing again: the fences and unique
     * rules make the second write the re-read of what the first one did.
     */
    <T, R> List<R> chunked(List<T> commands, BiFunction<MemoryTables, List<T>, List<R>> change,
            Function<T, R> failed, String what, Consumer<T> check) {
        if (commands.isEmpty()) {
            return List.of();
        }
        try {
            return write(t -> {
                commands.forEach(check);
                return change.apply(t, commands);
            });
        } catch (CheckFailure e) {
            if (commands.size() == 1) {
                LOG.error("{} one item failed: {}", what, e.getMessage());
                return List.of(failed.apply(commands.get(0)));
            }
            LOG.warn("{} {} item(s) failed, writing them one at a time: {}", what, commands.size(), e.getMessage());
        } catch (LostCommit e) {
            LOG.warn("{} {} item(s) failed, writing them one at a time (the commit may have taken effect)", what,
                    commands.size());
        }
        List<R> results = new ArrayList<>(commands.size());
        for (T command : commands) {
            results.add(alone(command, change, failed, what, check));
        }
        return results;
    }

    private <T, R> R alone(T command, BiFunction<MemoryTables, List<T>, List<R>> change, Function<T, R> failed,
            String what, Consumer<T> check) {
        for (int tries = 1; ; tries++) {
            try {
                return write(t -> {
                    check.accept(command);
                    return Objects.requireNonNull(change.apply(t, List.of(command)).get(0));
                });
            } catch (LostCommit e) {
                if (tries < 2) {
                    LOG.warn("{} one item: the commit may have taken effect, writing it again", what);
                    continue;
                }
                LOG.error("{} one item failed: {}", what, e.getMessage());
                return failed.apply(command);
            } catch (CheckFailure e) {
                LOG.error("{} one item failed: {}", what, e.getMessage());
                return failed.apply(command);
            }
        }
    }
}
