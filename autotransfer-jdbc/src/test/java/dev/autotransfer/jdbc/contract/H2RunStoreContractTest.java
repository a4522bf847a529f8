package dev.autotransfer.jdbc.contract;

import dev.autotransfer.jdbc.api.Dialect;

/** The JDBC run store keeps the store contract on H2. */
class H2RunStoreContractTest extends JdbcRunStoreContract {

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
