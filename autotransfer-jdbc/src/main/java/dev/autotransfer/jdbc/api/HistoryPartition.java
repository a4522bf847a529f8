package dev.autotransfer.jdbc.api;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One range partition of {@code at_history}: the rows whose nominal date is in {@code [from, to)}.
 *
 * <p>The oldest partition ({@code at_history_min}) has no lower bound: {@code from} is null.
 * Every other partition covers one calendar month. Immutable and thread-safe.
 *
 * @param name the partition's name (a table on PostgreSQL, a partition on MariaDB)
 * @param from the first nominal date it holds, or null for the oldest range
 * @param to the first nominal date after it (exclusive)
 */
public record HistoryPartition(String name, LocalDate from, LocalDate to) {

    /** Validates that the name and upper bound are present and the range is not empty. */
    public HistoryPartition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(to, "to");
        if (from != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("partition " + name + ": from " + from + " must be before to " + to);
        }
    }

    /** Whether a row with this nominal date belongs to this partition. */
    public boolean contains(LocalDate nominalDate) {
        return (from == null || !nominalDate.isBefore(from)) && nominalDate.isBefore(to);
    }
}
