package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.BankConfirmation;
import dev.autotransfer.client.DeadLetter;
import dev.autotransfer.client.DeadLetterClient;
import dev.autotransfer.client.DeadLetterInspection;
import dev.autotransfer.client.DeadLetterQuery;
import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.DeadLetterChanges;
import dev.autotransfer.jdbc.internal.DeadLetterRows;
import dev.autotransfer.jdbc.internal.DeadLetterRules;
import dev.autotransfer.jdbc.internal.HistoryReads;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.internal.OccurrenceStories;
import dev.autotransfer.jdbc.internal.ScheduleReader;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@link DeadLetterClient} on a JDBC database with the autotransfer schema installed: lists and
 * inspects {@code at_dead_letter}, and writes a person's requeue, confirmation or resolution with its
 * history event, work item and audit entry in one transaction.
 *
 * <p>Each change is one short READ COMMITTED transaction that locks the entry's schedule row first
 * (the engine's order: schedules before work items), so it cannot deadlock with the engine. Instants
 * (the REQUEUED and FAILED events, the work item's due time, audit times) come from the injected
 * clock; give it the engine's clock or one close to the database's. Connect as the application
 * role. Failures throw {@link AutoTransferJdbcException} with no account number in the message.
 *
 * <p>Immutable and thread-safe; the data source must hand out independent connections (a pool).
 */
public final class JdbcDeadLetterClient implements DeadLetterClient {

    private final Jdbi jdbi;
    private final DeadLetterRows rows;
    private final DeadLetterChanges changes;
    private final OccurrenceStories stories;
    private final HistoryReads history;
    private final ScheduleReader schedules;

    private JdbcDeadLetterClient(Builder builder) {
        Dialect dialect = builder.dialect != null ? builder.dialect : Dialect.detect(builder.dataSource);
        this.jdbi = JdbiFactory.create(builder.dataSource, dialect);
        this.rows = new DeadLetterRows(dialect);
        this.changes = new DeadLetterChanges(jdbi, dialect, builder.clock);
        this.stories = new OccurrenceStories(jdbi, dialect);
        this.history = new HistoryReads(jdbi, dialect);
        this.schedules = new ScheduleReader(jdbi, dialect);
    }

    /** A client on the data source with the system UTC clock; detects the dialect. */
    public static JdbcDeadLetterClient create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for a client on the data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public List<DeadLetter> list(DeadLetterQuery query) {
        Objects.requireNonNull(query, "query");
        return read("listing dead letters", handle -> rows.page(handle, query));
    }

    @Override
    public Optional<DeadLetter> find(long deadLetterId) {
        checkId(deadLetterId, 0);
        return read("reading dead letter " + deadLetterId, handle -> rows.byId(handle, deadLetterId, false));
    }

    @Override
    public DeadLetterInspection inspect(long deadLetterId) {
        DeadLetter entry = find(deadLetterId)
                .orElseThrow(() -> new IllegalArgumentException("deadLetterId " + deadLetterId + " does not exist"));
        OccurrenceStory story = stories.story(entry.occurrence());
        OccurrenceHistory events = history.histories(List.of(entry.occurrence())).get(entry.occurrence());
        Schedule schedule = schedules.byId(entry.scheduleId()).orElseThrow(() -> new AutoTransferJdbcException(
                "dead letter " + deadLetterId + " names schedule " + entry.scheduleId() + ", which does not exist"));
        return new DeadLetterInspection(entry, story, DeadLetterRules.requeueRefusal(entry, events, schedule.status()));
    }

    @Override
    public DeadLetter requeue(long deadLetterId, long expectedVersion, AuditContext audit) {
        checkId(deadLetterId, expectedVersion);
        Objects.requireNonNull(audit, "audit");
        return changes.requeue(deadLetterId, expectedVersion, audit);
    }

    @Override
    public DeadLetter confirmNotExecuted(long deadLetterId, long expectedVersion, BankConfirmation confirmation,
            AuditContext audit) {
        checkId(deadLetterId, expectedVersion);
        Objects.requireNonNull(confirmation, "confirmation");
        Objects.requireNonNull(audit, "audit");
        return changes.confirmNotExecuted(deadLetterId, expectedVersion, confirmation, audit);
    }

    @Override
    public DeadLetter resolve(long deadLetterId, long expectedVersion, String note, AuditContext audit) {
        checkId(deadLetterId, expectedVersion);
        Objects.requireNonNull(note, "note");
        if (note.isBlank() || note.length() > 300) {
            throw new IllegalArgumentException("note must be 1..300 characters and not blank, was "
                    + note.length() + " characters: '" + note + "'");
        }
        Objects.requireNonNull(audit, "audit");
        return changes.resolve(deadLetterId, expectedVersion, note, audit);
    }

    private static void checkId(long deadLetterId, long expectedVersion) {
        if (deadLetterId < 1) {
            throw new IllegalArgumentException("deadLetterId must be at least 1, was " + deadLetterId);
        }
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be at least 0, was " + expectedVersion);
        }
    }

    private <T> T read(String what, Function<Handle, T> work) {
        try {
            return jdbi.withHandle(work::apply);
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException(what + " failed: " + DatabaseErrors.describe(e),
                    DatabaseErrors.sanitized(e));
        }
    }

    /**
     * Builds a {@link JdbcDeadLetterClient}. Defaults: the dialect detected from the data source (one
     * connection opened at {@link #build()}) and {@link Clock#systemUTC()}. Setters validate at once.
     * Not thread-safe.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Dialect dialect;
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Sets the dialect instead of detecting it. */
        public Builder dialect(Dialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /** Sets the clock that stamps the events, the work item and the audit entries. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Builds the client. */
        public JdbcDeadLetterClient build() {
            return new JdbcDeadLetterClient(this);
        }
    }
}
