package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.internal.AuditJson;
import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.internal.SqlStatements;
import dev.autotransfer.spi.AuditRecord;
import dev.autotransfer.spi.AuditSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the audit log ({@code at_audit_log}) to {@link AuditSink}s, at least once and in sequence
 * order, keeping each sink's watermark (the highest sequence number it received) in
 * {@code at_audit_relay}.
 *
 * <p><b>Gaps.</b> An entry's sequence number is taken when it is inserted, not when its transaction
 * commits, so a committed entry can have a lower-numbered neighbour still in an open transaction.
 * The relay therefore delivers only up to the first missing number and waits there: it never moves
 * a watermark past an entry that may still commit. A missing number is given up (skipped, logged
 * at WARN and reported) only once the first committed entry after it is older than the grace period
 * by its {@code occurred_at}: the missing number was taken before that entry's, so its transaction
 * has then been open longer than the grace period, and is taken to have rolled back (a refused
 * change, a rolled-back caller transaction). An entry that commits after its number was skipped is
 * never relayed, so the grace period must exceed the longest transaction that writes audit entries
 * (including callers' transactions that create schedules) plus the clock difference between the
 * writers and the relay.
 *
 * <p><b>Delivery.</b> For each sink, {@link #relayOnce()} reads committed entries after the sink's
 * watermark in batches, masks account numbers, calls {@link AuditSink#deliver}, and only then
 * moves the watermark (forward only). A crash between the delivery and the watermark's update
 * delivers those entries again, which the sink drops by sequence number; a sink that throws keeps
 * its watermark and gets the same entries on the next call. Nothing is lost and nothing is
 * invented. Several relays (nodes) may run at once; they only duplicate deliveries.
 *
 * <p>Call {@link #relayOnce()} periodically (a few seconds apart). It blocks on the database and
 * the sinks; database failures throw {@link AutoTransferJdbcException}, sink failures are logged and
 * reported. Thread-safe: calls are serialized.
 */
public final class AuditRelay {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRelay.class);

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;
    private final Duration gracePeriod;
    private final int batchSize;
    private final List<AuditSink> sinks;

    private AuditRelay(Builder builder) {
        this.dialect = builder.dialect != null ? builder.dialect : Dialect.detect(builder.dataSource);
        this.jdbi = JdbiFactory.create(builder.dataSource, dialect);
        this.clock = builder.clock;
        this.gracePeriod = builder.gracePeriod;
        this.batchSize = builder.batchSize;
        this.sinks = List.copyOf(builder.sinks.values());
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("sinks must name at least one AuditSink");
        }
    }

    /** A builder for a relay reading the audit log on the data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** Relays every deliverable entry to every sink, one sink after the other. */
    public synchronized Report relayOnce() {
        List<SinkReport> reports = new ArrayList<>();
        for (AuditSink sink : sinks) {
            reports.add(relay(sink));
        }
        return new Report(reports);
    }

    private SinkReport relay(AuditSink sink) {
        long watermark = watermark(sink.name());
        int delivered = 0;
        List<Gap> skipped = new ArrayList<>();
        Long waitingFor = null;
        while (true) {
            List<AuditRecord> rows = after(watermark);
            Instant oldestUnwaited = clock.instant().minus(gracePeriod);
            List<AuditRecord> ready = new ArrayList<>();
            List<Gap> gaps = new ArrayList<>();
            long expected = watermark + 1;
            for (AuditRecord row : rows) {
                if (row.seq() != expected) {
                    if (row.occurredAt().isAfter(oldestUnwaited)) {
                        waitingFor = expected;
                        break;
                    }
                    gaps.add(new Gap(expected, row.seq() - 1));
                }
                ready.add(masked(row));
                expected = row.seq() + 1;
            }
            if (ready.isEmpty()) {
                break;
            }
            try {
                sink.deliver(List.copyOf(ready));
            } catch (RuntimeException e) {
                LOG.warn("audit sink {} failed to take entries {}..{}: {}", sink.name(), ready.get(0).seq(),
                        ready.get(ready.size() - 1).seq(), e.toString());
                return new SinkReport(sink.name(), delivered, watermark, skipped, waitingFor, e.toString());
            }
            long mark = ready.get(ready.size() - 1).seq();
            advance(sink.name(), mark);
            for (Gap gap : gaps) {
                LOG.warn("audit relay to {} skipped seq {}..{}: not committed within the grace period of {}",
                        sink.name(), gap.first(), gap.last(), gracePeriod);
            }
            skipped.addAll(gaps);
            watermark = mark;
            delivered += ready.size();
            if (waitingFor != null || rows.size() < batchSize) {
                break;
            }
        }
        return new SinkReport(sink.name(), delivered, watermark, skipped, waitingFor, null);
    }

    private static AuditRecord masked(AuditRecord row) {
        return new AuditRecord(row.seq(), row.occurredAt(), row.actor(), row.clientIp(), row.entityType(),
                row.entityId(), row.action(), AuditJson.masked(row.beforeJson()), AuditJson.masked(row.afterJson()));
    }

    private List<AuditRecord> after(long watermark) {
        return call("reading the audit log after seq " + watermark, () -> jdbi.withHandle(handle -> handle
                .createQuery(SqlStatements.get(dialect, "audit/select_after.sql"))
                .bind("after", watermark)
                .bind("limit", batchSize)
                .map((rs, ctx) -> new AuditRecord(rs.getLong("seq"),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "occurred_at", ctx),
                        rs.getString("actor"), rs.getString("client_ip"), rs.getString("entity_type"),
                        rs.getString("entity_id"), rs.getString("action"), rs.getString("before_json"),
                        rs.getString("after_json")))
                .list()));
    }

    private long watermark(String sink) {
        Optional<Long> stored = readWatermark(sink);
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            jdbi.useHandle(handle -> handle.createUpdate(SqlStatements.get(dialect, "audit/relay_insert.sql"))
                    .bind("sink", sink).bind("now", clock.instant()).execute());
        } catch (JdbiException e) {
            if (!DatabaseErrors.isUniqueViolation(e)) {
                throw failure("registering audit sink " + sink, e);
            }
        }
        return readWatermark(sink).orElseThrow(() -> new AutoTransferJdbcException(
                "audit sink " + sink + " has no row in at_audit_relay after it was inserted"));
    }

    private Optional<Long> readWatermark(String sink) {
        return call("reading the watermark of audit sink " + sink, () -> jdbi.withHandle(handle -> handle
                .createQuery(SqlStatements.get(dialect, "audit/relay_select.sql"))
                .bind("sink", sink)
                .mapTo(Long.class)
                .findOne()));
    }

    private void advance(String sink, long seq) {
        call("moving the watermark of audit sink " + sink + " to " + seq, () -> jdbi.withHandle(handle -> handle
                .createUpdate(SqlStatements.get(dialect, "audit/relay_advance.sql"))
                .bind("sink", sink).bind("seq", seq).bind("now", clock.instant())
                .execute()));
    }

    private static <T> T call(String what, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw failure(what, e);
        }
    }

    private static AutoTransferJdbcException failure(String what, JdbiException e) {
        return new AutoTransferJdbcException(what + " failed: " + DatabaseErrors.describe(e),
                DatabaseErrors.sanitized(e));
    }

    /**
     * What one {@link #relayOnce()} did, per sink in the builder's order. Immutable and thread-safe.
     *
     * @param sinks one report per sink
     */
    public record Report(List<SinkReport> sinks) {

        /** Copies the list. */
        public Report {
            sinks = List.copyOf(sinks);
        }

        /** The report of the named sink. */
        public SinkReport sink(String name) {
            return sinks.stream().filter(s -> s.sink().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no audit sink named '" + name + "'"));
        }
    }

    /**
     * What one sink received. Immutable and thread-safe.
     *
     * @param sink the sink's name
     * @param delivered entries handed to it (some may be repeats it dropped)
     * @param watermark its watermark afterwards
     * @param skipped sequence numbers given up as never committed within the grace period
     * @param waitingFor the missing sequence number the relay waits at, or null
     * @param failure the sink's failure, or null when it took everything offered
     */
    public record SinkReport(String sink, int delivered, long watermark, List<Gap> skipped, Long waitingFor,
            String failure) {

        /** Copies the list. */
        public SinkReport {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * A run of missing sequence numbers, both ends included. Immutable and thread-safe.
     *
     * @param first the first missing number
     * @param last the last missing number
     */
    public record Gap(long first, long last) {
    }

    /**
     * Builds an {@link AuditRelay}. Defaults: the dialect detected from the data source, the system
     * UTC clock, a grace period of 10 minutes, batches of 500. At least one sink; sink names must be
     * unique. Setters validate at once. Not thread-safe.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Dialect dialect;
        private Clock clock = Clock.systemUTC();
        private Duration gracePeriod = Duration.ofMinutes(10);
        private int batchSize = 500;
        private final Map<String, AuditSink> sinks = new LinkedHashMap<>();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Sets the dialect instead of detecting it. */
        public Builder dialect(Dialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /** Sets the clock against which entries' {@code occurred_at} are aged. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Sets how long a missing sequence number is waited for (positive). */
        public Builder gracePeriod(Duration value) {
            Objects.requireNonNull(value, "gracePeriod");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("gracePeriod must be positive, was " + value);
            }
            this.gracePeriod = value;
            return this;
        }

        /** Sets how many entries are read and delivered at once (1..10,000). */
        public Builder batchSize(int value) {
            if (value < 1 || value > 10_000) {
                throw new IllegalArgumentException("batchSize must be 1..10000, was " + value);
            }
            this.batchSize = value;
            return this;
        }

        /** Adds a sink; its name must be 1..64 characters and unique among this relay's sinks. */
        public Builder sink(AuditSink value) {
            Objects.requireNonNull(value, "sink");
            String name = Objects.requireNonNull(value.name(), "sink name");
            if (name.isBlank() || name.length() > 64) {
                throw new IllegalArgumentException("sink name must be 1..64 characters and not blank, was '"
                        + name + "'");
            }
            if (sinks.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("sink name '" + name + "' is used twice");
            }
            return this;
        }

        /** Builds the relay. */
        public AuditRelay build() {
            return new AuditRelay(this);
        }
    }
}
