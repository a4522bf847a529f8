/**
 * In-memory stores: {@link dev.autotransfer.memory.InMemoryTransferStore} (with its schedules, {@link dev.autotransfer.memory.InMemorySchedules})
 * and {@link dev.autotransfer.memory.InMemoryRunStore}, which keep the JDBC stores' contract without
 * a database, for tests of an integration, demos and a single embedded node that may lose its
 * history with the process. Each guards its rows with one lock. The contract test kit in
 * autotransfer-core's test-jar ({@code dev.autotransfer.testkit}) runs against them and the JDBC
 * stores alike.
 */
package dev.autotransfer.memory;
