package dev.autotransfer.jdbc.contract;

import dev.autotransfer.jdbc.api.Dialect;

/** The JDBC transfer store keeps the store contract on PostgreSQL. */
class PostgresqlTransferStoreContractTest extends JdbcTransferStoreContract {

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
