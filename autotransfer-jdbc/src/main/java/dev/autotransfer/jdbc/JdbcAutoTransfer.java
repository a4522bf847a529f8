package dev.autotransfer.jdbc;

import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.jdbc.internal.Installation;
import javax.sql.DataSource;

/**
 * The engine wired on one database, kept for code written before {@link AutoTransferDatabase}:
 * each call detects the dialect again and builds what {@code AutoTransferDatabase} builds once.
 *
 * <p>Stateless; the builders it returns are not thread-safe (as any builder), the engines they build are.
 *
 * @deprecated use {@link AutoTransferDatabase#of(DataSource)} and its
 *     {@link AutoTransferDatabase#engine(BankDirectory)} and {@link AutoTransferDatabase#installationId()}
 */
@Deprecated
public final class JdbcAutoTransfer {

    /** The table holding the installation id, written once by {@link SchemaInstaller#install()}. */
    public static final String INSTALLATION_TABLE = Installation.TABLE;

    private JdbcAutoTransfer() {
    }

    /**
     * The engine builder of {@link AutoTransferDatabase#engine(BankDirectory)} on the data source,
     * alarms in {@code at_alarm} included.
     *
     * @throws AutoTransferJdbcException if the database's clock or the installation id cannot be read
     * @deprecated use {@code AutoTransferDatabase.of(dataSource).engine(banks)}
     */
    @Deprecated
    public static AutoTransferEngine.Builder engine(DataSource dataSource, BankDirectory banks) {
        return AutoTransferDatabase.of(dataSource).engine(banks);
    }

    /**
     * This database's installation id; see {@link AutoTransferDatabase#installationId()}.
     *
     * @throws AutoTransferJdbcException if the table or its row is missing or holds something the
     *     installer never writes
     * @deprecated use {@code AutoTransferDatabase.of(dataSource).installationId()}
     */
    @Deprecated
    public static String installationId(DataSource dataSource) {
        return AutoTransferDatabase.of(dataSource).installationId();
    }
}
