package dev.autotransfer.jdbc.contract;

import dev.autotransfer.jdbc.api.Dialect;

/** The JDBC transfer store keeps the store contract on H2. */
class H2TransferStoreContractTest extends JdbcTransferStoreContract {

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
