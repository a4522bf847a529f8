package dev.autotransfer.jdbc;

import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The engine wired on one database: its transfer store, its run store and, as the one time source
 * of every node, the database's clock ({@link DatabaseTimeSource}).
 *
 * <p>Stateless; the builders it returns are not thread-safe (as any builder), the engines they build are.
 */
public final class JdbcAutoTransfer {

    private JdbcAutoTransfer() {
    }

    /**
     * An engine builder on the data source (the application role's pool) with {@link JdbcTransferStore},
     * {@link JdbcRunStore} and {@link DatabaseTimeSource} (measured once now, then every 10 s); every
     * other setting can still be changed on the builder, the time source included.
     *
     * @throws AutoTransferJdbcException if the database's clock cannot be read
     */
    public static AutoTransferEngine.Builder engine(DataSource dataSource, BankDirectory banks) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(banks, "banks");
        Dialect dialect = Dialect.detect(dataSource);
        return AutoTransferEngine.builder(JdbcTransferStore.builder(dataSource).dialect(dialect).build(),
                        JdbcRunStore.builder(dataSource).dialect(dialect).build(), banks)
                .timeSource(DatabaseTimeSource.builder(dataSource).dialect(dialect).build());
    }
}
