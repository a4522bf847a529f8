package dev.autotransfer.jdbc.contract;

import dev.autotransfer.jdbc.api.Dialect;

/** The JDBC run store keeps the store contract on PostgreSQL. */
class PostgresqlRunStoreContractTest extends JdbcRunStoreContract {

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
