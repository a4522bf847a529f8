package dev.autotransfer.jdbc;

import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.jdbc.internal.Installation;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The engine wired on one database: its transfer store, its run store, as the one time source of
 * every node the database's clock ({@link DatabaseTimeSource}), and as the default key prefix the
 * installation's id, so two installations never send a bank the same key.
 *
 * <p>Stateless; the builders it returns are not thread-safe (as any builder), the engines they build are.
 */
public final class JdbcAutoTransfer {

    /** The table holding the installation id, written once by {@link SchemaInstaller#install()}. */
    public static final String INSTALLATION_TABLE = Installation.TABLE;

    private JdbcAutoTransfer() {
    }

    /**
     * An engine builder on the data source (the application role's pool) with {@link JdbcTransferStore},
     * {@link JdbcRunStore}, {@link DatabaseTimeSource} (measured once now, then every 10 s) and
     * {@code <installation id>-} as the key prefix of every request sent to a bank unless the
     * {@link dev.autotransfer.config.EngineConfig} given to the builder sets one (an explicitly empty
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
        // read now, so a schema without its installation id fails here rather than at build()
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
        return Installation.id(Jdbi.create(dataSource), dialect);
    }
}
