package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.Dialect;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * Builds the {@link Jdbi} every store uses: instants bound and read as UTC ({@link UtcInstants})
 * and failure messages that never render bound values. Not API. Stateless.
 */
public final class JdbiFactory {

    private JdbiFactory() {
    }

    /** A Jdbi on the data source, configured for the dialect. */
    public static Jdbi create(DataSource dataSource, Dialect dialect) {
        Jdbi jdbi = Jdbi.create(Objects.requireNonNull(dataSource, "dataSource"));
        UtcInstants instants = UtcInstants.of(dialect);
        jdbi.registerArgument(instants.argumentFactory());
        jdbi.registerColumnMapper(Instant.class, instants.columnMapper());
        // Jdbi's default appends the bound arguments to a failure's message: account numbers
        // would reach logs through the exception's cause
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        return jdbi;
    }
}
