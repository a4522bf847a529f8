package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Reads the installation id that the schema installer drew. Not API. Stateless and thread-safe. */
public final class Installation {

    /** The table holding the installation id, written once at install. */
    public static final String TABLE = "at_installation";

    /** What the installer writes: 8..15 characters, so that {@code <id>-} fits the 16 of a key prefix. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]{8,15}");

    private Installation() {
    }

    /**
     * The installation id, read in one query.
     *
     * @throws AutoTransferJdbcException if the table or its row is missing or holds something the
     *     installer never writes
     */
    public static String id(Jdbi jdbi, Dialect dialect) {
        Optional<String> id;
        try {
            id = jdbi.withHandle(handle -> handle
                    .createQuery(SqlStatements.get(dialect, "installation/select.sql"))
                    .mapTo(String.class).findOne());
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("cannot read the installation id from table " + TABLE
                    + " (" + DatabaseErrors.describe(e) + "): install the schema with SchemaInstaller.install() or"
                    + " its script, and grant the application role its SELECT", DatabaseErrors.sanitized(e));
        }
        if (id.isEmpty()) {
            throw new AutoTransferJdbcException("table " + TABLE + " holds no installation id: it is"
                    + " written by SchemaInstaller.install() and its script; the engine will not send keys that"
                    + " another installation may have sent");
        }
        if (!ID.matcher(id.get()).matches()) {
            throw new AutoTransferJdbcException("table " + TABLE + " holds installation id '" + id.get()
                    + "', not 8..15 characters of [a-z0-9] as the installer writes");
        }
        return id.get();
    }
}
