package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.HistoryPartition;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Names, creation statements and the catalog listing of {@code at_history}'s monthly range
 * partitions. Not API.
 *
 * <p>The oldest partition, {@code at_history_min}, holds everything before the first month and
 * never moves; then one partition per month, {@code at_history_YYYY_MM}. There is no default
 * partition: moving rows out of it later would be a DELETE. Stateless.
 */
public final class HistoryPartitions {

    /** The name of the oldest, unbounded-below partition. */
    public static final String MIN_NAME = "at_history_min";

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private HistoryPartitions() {
    }

    /** Whether this dialect partitions history at all (H2 does not). */
    public static boolean partitioned(Dialect dialect) {
        return dialect != Dialect.H2;
    }

    /** The partition name for a month. */
    public static String name(YearMonth month) {
        return String.format("at_history_%04d_%02d", month.getYear(), month.getMonthValue());
    }

    /** The placeholders V001 needs (MariaDB creates the oldest partition with the table). */
    public static Map<String, String> v001Values(YearMonth firstMonth) {
        return Map.of("partition", MIN_NAME, "to", firstMonth.atDay(1).toString());
    }

    /** The script that creates the oldest partition, or null where V001 already made it. */
    public static SqlScript minPartition(Dialect dialect, YearMonth firstMonth) {
        if (dialect != Dialect.POSTGRESQL) {
            return null;
        }
        return SqlScript.load(dialect, "history_partition_min.sql", v001Values(firstMonth));
    }

    /** The script that creates one month's partition after the current last one. */
    public static SqlScript month(Dialect dialect, YearMonth month) {
        return SqlScript.load(dialect, "history_partition.sql", Map.of(
                "partition", name(month),
                "from", month.atDay(1).toString(),
                "to", month.plusMonths(1).atDay(1).toString()));
    }

    /** The existing partitions in order, each from its predecessor's upper bound; empty on H2. */
    public static List<HistoryPartition> list(Handle handle, Dialect dialect) {
        if (!partitioned(dialect)) {
            return List.of();
        }
        String sql = SqlScript.load(dialect, "history_partitions.sql", Map.of()).statements().get(0);
        List<String[]> rows = handle.createQuery(sql)
                .map((rs, ctx) -> new String[] {rs.getString("name"), rs.getString("bound")})
                .list();
        List<Object[]> bounded = new ArrayList<>();
        for (String[] row : rows) {
            bounded.add(new Object[] {row[0], upperBound(row[0], row[1])});
        }
        bounded.sort(Comparator.comparing(row -> (LocalDate) row[1]));
        List<HistoryPartition> partitions = new ArrayList<>(bounded.size());
        LocalDate from = null;
        for (Object[] row : bounded) {
            partitions.add(new HistoryPartition((String) row[0], from, (LocalDate) row[1]));
            from = (LocalDate) row[1];
        }
        return List.copyOf(partitions);
    }

    private static LocalDate upperBound(String name, String bound) {
        // PostgreSQL: "FOR VALUES FROM (...) TO ('2026-12-01')"; MariaDB: "'2026-12-01'"
        Matcher matcher = DATE.matcher(String.valueOf(bound));
        String last = null;
        while (matcher.find()) {
            last = matcher.group();
        }
        if (last == null) {
            throw new AutoTransferJdbcException("history partition " + name + " has an unexpected bound: " + bound
                    + " (a DEFAULT or MAXVALUE partition is not part of this schema)");
        }
        return LocalDate.parse(last);
    }
}
