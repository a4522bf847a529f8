package dev.autotransfer.jdbc;

import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.jdbc.internal.DatabaseErrors;
import dev.autotransfer.jdbc.internal.SqlStatements;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The engine wired on one database: its transfer store, its run store, as the one time source of
 * every node the database's clock ({@link DatabaseTimeSource}), and as the default key prefix the
 * installation's id, so two installations never send a bank the same key.
 *
 * <p>Stateless; the builders it returns are not thread-safe (as any builder), the engines they build are.
 */
public final class JdbcAutoTransfer {

    /** The table holding the installation id, written once by {@link SchemaInstaller#install()}. */
    public static final String INSTALLATION_TABLE = "at_installation";

    /** What the installer writes: 8..15 characters, so that {@code <id>-} fits the 16 of a key prefix. */
    private static final Pattern INSTALLATION_ID = Pattern.compile("[a-z0-9]{8,15}");

    private JdbcAutoTransfer() {
    }

    /**
     * An engine builder on the data source (the application role's pool) with {@link JdbcTransferStore},
     * {@link JdbcRunStore}, {@link DatabaseTimeSource} (measured once now, then every 10 s) and
     * {@code <installation id>-} as the key prefix of every request sent to a bank unless the
     * {@link dev.autotransfer.engine.EngineConfig} given to the builder sets one (an explicitly empty
     * prefix is then refused by {@code build()}). Every other setting can still be changed on the
     * builder, the time source included.
     *
     * @throws AutoTransferJdbcException if the database's clock or the installation id cannot be
     *     read (see {@link #installationId(DataSource)})
     */
    public static AutoTransferEngine.Builder engine(DataSource dataSource, BankDirectory banks) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(banks, "banks");
        Dialect dialect = Dialect.detect(dataSource);
        String installationId = installationId(dataSource, dialect);
        return AutoTransferEngine.builder(JdbcTransferStore.builder(dataSource).dialect(dialect).build(),
                        JdbcRunStore.builder(dataSource).dialect(dialect).build(), banks)
                .timeSource(DatabaseTimeSource.builder(dataSource).dialect(dialect).build())
                .installationKeyPrefix(installationId + "-");
    }

    /**
     * This database's installation id (from {@value #INSTALLATION_TABLE}, drawn at random by the
     * database when the schema was installed and never changed): what tells its keys apart from
     * every other installation's at a bank. Blocks on one query; readable by the application role.
     *
     * @throws AutoTransferJdbcException if the table or its row is missing (the schema was not
     *     installed, or not by this version) or holds something the installer never writes
     */
    public static String installationId(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return installationId(dataSource, Dialect.detect(dataSource));
    }

    private static String installationId(DataSource dataSource, Dialect dialect) {
        Optional<String> id;
        try {
            id = Jdbi.create(dataSource).withHandle(handle -> handle
                    .createQuery(SqlStatements.get(dialect, "installation/select.sql"))
                    .mapTo(String.class).findOne());
        } catch (JdbiException e) {
            throw new AutoTransferJdbcException("cannot read the installation id from table " + INSTALLATION_TABLE
                    + " (" + DatabaseErrors.describe(e) + "): install the schema with SchemaInstaller.install() or"
                    + " its script, and grant the application role its SELECT", DatabaseErrors.sanitized(e));
        }
        if (id.isEmpty()) {
            throw new AutoTransferJdbcException("table " + INSTALLATION_TABLE + " holds no installation id: it is"
                    + " written by SchemaInstaller.install() and its script; the engine will not send keys that"
                    + " another installation may have sent");
        }
        if (!INSTALLATION_ID.matcher(id.get()).matches()) {
            throw new AutoTransferJdbcException("table " + INSTALLATION_TABLE + " holds installation id '" + id.get()
                    + "', not 8..15 characters of [a-z0-9] as the installer writes");
        }
        return id.get();
    }
}
