/**
 * The JDBC module's vocabulary, shared by its entry points and its internals: the SQL
 * {@link dev.autotransfer.jdbc.api.Dialect} a database speaks, the module's exception root
 * {@link dev.autotransfer.jdbc.api.AutoTransferJdbcException}, and the
 * {@link dev.autotransfer.jdbc.api.HistoryPartition} value. Depends on nothing else of the module.
 */
package dev.autotransfer.jdbc.api;
