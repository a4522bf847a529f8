package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The one place that binds and reads {@link Instant}s, so that every instant column holds UTC on
 * every dialect whatever the JVM's default zone. Not API.
 *
 * <p>PostgreSQL {@code timestamptz} and H2 {@code TIMESTAMP WITH TIME ZONE} travel as
 * {@link OffsetDateTime} at UTC; MariaDB {@code DATETIME(6)} has no zone, so it travels as the UTC
 * wall time in a {@link LocalDateTime}. Jdbi's default goes through {@code java.sql.Timestamp},
 * i.e. the JVM zone, which stores local wall times in a {@code DATETIME} and reads back a
 * different instant across a daylight-saving gap. Instants are truncated to microseconds before
 * binding: the columns hold microseconds, and the servers would otherwise each do their own thing
 * with the nanoseconds (PostgreSQL and H2 round; MariaDB and MySQL round or truncate by
 * {@code sql_mode}), so a value read back could differ by dialect. Immutable, thread-safe.
 */
public final class UtcInstants {

    private final Dialect dialect;

    private UtcInstants(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** The codec for a dialect. */
    public static UtcInstants of(Dialect dialect) {
        return new UtcInstants(dialect);
    }

    /** The argument factory that binds instants for this dialect (null as SQL NULL). */
    public AbstractArgumentFactory<Instant> argumentFactory() {
        int sqlType = dialect == Dialect.MARIADB ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE;
        return new AbstractArgumentFactory<>(sqlType) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return new Argument() {
                    @Override
                    public void apply(int position, PreparedStatement statement, StatementContext ctx)
                            throws SQLException {
                        bind(statement, position, value);
                    }

                    @Override
                    public String toString() {
                        return String.valueOf(value);
                    }
                };
            }
        };
    }

    /** The column mapper that reads instant columns for this dialect (NULL as null). */
    public ColumnMapper<Instant> columnMapper() {
        return (resultSet, column, ctx) -> read(resultSet, column);
    }

    /** Binds an instant (truncated to microseconds) at the 1-based position. */
    public void bind(PreparedStatement statement, int position, Instant value) throws SQLException {
        Instant micros = value.truncatedTo(ChronoUnit.MICROS);
        if (dialect == Dialect.MARIADB) {
            statement.setObject(position, LocalDateTime.ofInstant(micros, ZoneOffset.UTC));
        } else {
            statement.setObject(position, OffsetDateTime.ofInstant(micros, ZoneOffset.UTC));
        }
    }

    /** Reads the instant in the 1-based column, or null when it is SQL NULL. */
    public Instant read(ResultSet resultSet, int column) throws SQLException {
        if (dialect == Dialect.MARIADB) {
            LocalDateTime utc = resultSet.getObject(column, LocalDateTime.class);
            return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
        }
        OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
