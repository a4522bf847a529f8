package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.HistoryPartition;
import dev.autotransfer.jdbc.internal.HistoryPartitions;
import dev.autotransfer.jdbc.internal.ScriptRunner;
import dev.autotransfer.jdbc.internal.Transactions;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps monthly partitions of {@code at_history} created ahead of the nominal dates that will need them.
 *
 * <p>An insert whose nominal date is past the last partition fails on PostgreSQL and MariaDB
 * (there is deliberately no default partition), so run {@link #ensureMonthsAhead(int)} with the
 * owner role from a daily job, well before the months run out. On H2 history is not partitioned
 * and every method is a no-op. Calls block on the database; PostgreSQL waits at most 10 s for
 * the lock on {@code at_history} that creating a partition takes.
 *
 * <p>Thread-safe and safe to run from several nodes at once: a cross-node lock serializes the
 * work, and the later caller finds the partitions made and does nothing.
 */
public final class PartitionMaintenance {

    /** The largest {@code months} accepted by {@link #ensureMonthsAhead(int)}. */
    public static final int MAX_MONTHS_AHEAD = 120;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;

    private PartitionMaintenance(DataSource dataSource, Dialect dialect, Clock clock) {
        this.jdbi = Jdbi.create(Objects.requireNonNull(dataSource, "dataSource"));
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Maintenance for the data source's database (dialect detected), with months from the UTC system clock. */
    public static PartitionMaintenance create(DataSource dataSource) {
        return create(dataSource, Clock.systemUTC());
    }

    /** Maintenance for the data source's database, with "the current month" read from {@code clock}. */
    public static PartitionMaintenance create(DataSource dataSource, Clock clock) {
        return new PartitionMaintenance(dataSource, Dialect.detect(dataSource), clock);
    }

    /** Maintenance with the dialect already known ({@link AutoTransferDatabase#partitions}). */
    static PartitionMaintenance create(DataSource dataSource, Dialect dialect, Clock clock) {
        return new PartitionMaintenance(dataSource, dialect, clock);
    }

    /**
     * Creates the missing monthly partitions so that every nominal date up to the end of the
     * month {@code months} after the current one has a partition.
     *
     * @param months 0 to {@value #MAX_MONTHS_AHEAD}; 0 covers the current month
     * @return the partitions this call created, oldest first; empty when none were missing
     * @throws AutoTransferJdbcException if the schema is not installed or the database refuses
     */
    public List<HistoryPartition> ensureMonthsAhead(int months) {
        if (months < 0 || months > MAX_MONTHS_AHEAD) {
            throw new IllegalArgumentException("months must be 0 to " + MAX_MONTHS_AHEAD + ", was " + months);
        }
        if (!HistoryPartitions.partitioned(dialect)) {
            return List.of();
        }
        YearMonth last = YearMonth.now(clock).plusMonths(months);
        return Transactions.underMaintenanceLock(jdbi, dialect, "creating history partitions",
                handle -> createThrough(handle, dialect, last));
    }

    /** The partitions of {@code at_history}, oldest first; empty on H2. */
    public List<HistoryPartition> listPartitions() {
        return Transactions.read(jdbi, "listing history partitions", handle -> HistoryPartitions.list(handle, dialect));
    }

    /** Creates monthly partitions after the last existing one up to {@code lastMonth}; caller holds the lock. */
    static List<HistoryPartition> createThrough(Handle handle, Dialect dialect, YearMonth lastMonth) {
        List<HistoryPartition> existing = HistoryPartitions.list(handle, dialect);
        if (existing.isEmpty()) {
            throw new AutoTransferJdbcException("at_history has no partitions: install the schema first"
                    + " (SchemaInstaller.install())");
        }
        LocalDate upper = existing.get(existing.size() - 1).to();
        if (upper.getDayOfMonth() != 1) {
            throw new AutoTransferJdbcException("the last history partition ends on " + upper
                    + ", not on the first of a month; monthly partitions cannot follow it");
        }
        List<HistoryPartition> created = new ArrayList<>();
        for (YearMonth month = YearMonth.from(upper); !month.isAfter(lastMonth); month = month.plusMonths(1)) {
            ScriptRunner.run(handle.getConnection(), HistoryPartitions.month(dialect, month), Map.of());
            created.add(new HistoryPartition(HistoryPartitions.name(month), month.atDay(1),
                    month.plusMonths(1).atDay(1)));
        }
        return List.copyOf(created);
    }
}
