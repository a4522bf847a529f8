package dev.autotransfer.jdbc.contract;

import dev.autotransfer.jdbc.api.Dialect;

/** The JDBC run store keeps the store contract on MariaDB. */
class MariadbRunStoreContractTest extends JdbcRunStoreContract {

    @Override
    Dialect dialect() {
        return Dialect.MARIADB;
    }
}
