package dev.autotransfer.jdbc.internal;

import dev.autotransfer.domain.Schedule;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Reads schedules by id or client reference, each in its own short autocommit read. Not API.
 * Immutable and thread-safe.
 */
public final class ScheduleReader {

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ScheduleRowMapper mapper;

    /** A reader on a Jdbi made by {@link JdbiFactory} for the dialect. */
    public ScheduleReader(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.mapper = new ScheduleRowMapper(dialect);
    }

    /** The schedule with the id, if stored. */
    public Optional<Schedule> byId(long id) {
        return read("reading schedule " + id, handle -> handle
                .createQuery(SqlStatements.get(dialect, "schedule/select_by_id.sql"))
                .bind("id", id)
                .map(mapper)
                .findOne());
    }

    /** The schedule registered under the client reference, if stored. */
    public Optional<Schedule> byClientReference(String clientReference) {
        return read("reading the schedule of clientReference '" + clientReference + "'", handle -> handle
                .createQuery(SqlStatements.get(dialect, "schedule/select_by_client_reference.sql"))
                .bind("clientReference", clientReference)
                .map(mapper)
                .findOne());
    }

    /** The schedule registered under the client reference, read in the caller's handle and transaction. */
    public Optional<Schedule> byClientReference(Handle handle, String clientReference) {
        try {
            return handle.createQuery(SqlStatements.get(dialect, "schedule/select_by_client_reference.sql"))
                    .bind("clientReference", clientReference)
                    .map(mapper)
                    .findOne();
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("reading the schedule of clientReference '" + clientReference
                    + "' failed: " + DatabaseErrors.describe(e), DatabaseErrors.sanitized(e));
        }
    }

    /** The schedule with the id, locked for update in the caller's transaction. */
    public Optional<Schedule> lockById(Handle handle, long id) {
        return handle.createQuery(SqlStatements.get(dialect, "schedule/select_by_id_for_update.sql"))
                .bind("id", id)
                .map(mapper)
                .findOne();
    }

    private Optional<Schedule> read(String what, Function<Handle, Optional<Schedule>> query) {
        try {
            return jdbi.withHandle(query::apply);
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException(what + " failed: " + DatabaseErrors.describe(e),
                DatabaseErrors.sanitized(e));
        }
    }
}
