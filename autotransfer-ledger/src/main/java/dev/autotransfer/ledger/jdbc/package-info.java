/**
 * The ledger on a JDBC database (H2, PostgreSQL, MariaDB/MySQL): {@link dev.autotransfer.ledger.jdbc.JdbcLedger},
 * the store of accounts, movements and holds, and {@link dev.autotransfer.ledger.jdbc.JdbcLedgerBank}, the
 * {@link dev.autotransfer.bank.BankClient} the engine calls for standing orders paid from those accounts,
 * with top-ups from linked accounts and payouts to outside banks.
 *
 * <p>Each statement is a {@code .sql} resource under {@code dev/autotransfer/ledger/sql/}; the tables
 * are part of autotransfer-jdbc's schema, installed by its {@code SchemaInstaller}.
 */
package dev.autotransfer.ledger.jdbc;
