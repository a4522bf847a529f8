package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.internal.SqlStatements;
import dev.autotransfer.spi.AlarmStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@link AlarmStore} on {@code at_alarm} (H2, PostgreSQL or MariaDB/MySQL): one insert per
 * alarm, in its own short transaction, and a newest-first read.
 *
 * <p>An engine from {@link AutoTransferDatabase#engine} writes its alarms here by default, through
 * an {@link dev.autotransfer.engine.AlarmRecorder}; never call it directly from an engine listener
 * hook (an insert blocks). Failures throw {@link AutoTransferJdbcException}. Immutable and
 * thread-safe.
 */
public final class JdbcAlarmStore implements AlarmStore {

    private static final int DETAIL_LIMIT = 500;

    private final Jdbi jdbi;
    private final Dialect dialect;

    private JdbcAlarmStore(Builder builder) {
        this.dialect = builder.dialect != null ? builder.dialect : Dialect.detect(builder.dataSource);
        this.jdbi = JdbiFactory.create(builder.dataSource, dialect);
    }

    /** A store on the data source; detects the dialect. */
    public static JdbcAlarmStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for a store on the data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public void record(Alarm alarm, String nodeId, Long runId) {
        Objects.requireNonNull(alarm, "alarm");
        Occurrence occurrence = alarm.occurrence();
        String detail = alarm.detail().length() <= DETAIL_LIMIT ? alarm.detail()
                : alarm.detail().substring(0, DETAIL_LIMIT - 3) + "...";
        try {
            jdbi.useHandle(handle -> handle.createUpdate(SqlStatements.get(dialect, "alarm/insert.sql"))
                    .bind("occurredAt", alarm.at().truncatedTo(ChronoUnit.MICROS))
                    .bind("kind", alarm.kind().name())
                    .bind("bankCode", alarm.bankCode())
                    .bindByType("scheduleId", occurrence == null ? null : occurrence.scheduleId(), Long.class)
                    .bindByType("nominalDate", occurrence == null ? null : occurrence.nominalDate(), LocalDate.class)
                    .bind("detail", detail)
                    .bind("nodeId", nodeId)
                    .bindByType("runId", runId, Long.class)
                    .execute());
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("recording alarm " + alarm.kind() + " failed: "
                    + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
    }

    @Override
    public List<StoredAlarm> list(Instant since, int limit) {
        Objects.requireNonNull(since, "since");
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000, was " + limit);
        }
        try {
            return jdbi.withHandle(handle -> handle.createQuery(SqlStatements.get(dialect, "alarm/select_since.sql"))
                    .bind("since", since.truncatedTo(ChronoUnit.MICROS))
                    .bind("limit", limit)
                    .map((rs, ctx) -> {
                        var instants = ctx.findColumnMapperFor(Instant.class).orElseThrow();
                        long scheduleId = rs.getLong("schedule_id");
                        Occurrence occurrence = rs.wasNull() ? null
                                : new Occurrence(scheduleId, rs.getObject("nominal_date", LocalDate.class));
                        Alarm alarm = new Alarm(Alarm.Kind.valueOf(rs.getString("kind")),
                                instants.map(rs, "occurred_at", ctx), rs.getString("bank_code"), occurrence,
                                rs.getString("detail"));
                        long runId = rs.getLong("run_id");
                        Long run = rs.wasNull() ? null : runId;
                        return new StoredAlarm(rs.getLong("id"), alarm, rs.getString("node_id"), run);
                    })
                    .list());
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("listing alarms failed: " + DatabaseErrors.describe(e),
                    DatabaseErrors.sanitized(e));
        }
    }

    /**
     * Builds a {@link JdbcAlarmStore}. Default: the dialect detected from the data source (one
     * connection opened at {@link #build()}). Not thread-safe.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Dialect dialect;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Sets the dialect instead of detecting it. */
        public Builder dialect(Dialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /** Builds the store. */
        public JdbcAlarmStore build() {
            return new JdbcAlarmStore(this);
        }
    }
}
