/**
 * The ports the engine needs from the outside world: where work items, history and schedules are
 * kept ({@link dev.autotransfer.spi.TransferStore}), where runs are ({@link dev.autotransfer.spi.RunStore}),
 * where alarms and audit entries go ({@link dev.autotransfer.spi.AlarmStore},
 * {@link dev.autotransfer.spi.AuditSink}). Schedules are created and changed through
 * {@link dev.autotransfer.client.ScheduleClient}, never through a port.
 *
 * <p>Adapters implement these interfaces (autotransfer-jdbc ships the JDBC ones). Every port
 * states its contract and its thread-safety, and throws only unchecked exceptions:
 * {@link IllegalArgumentException} or {@link NullPointerException} naming the field for bad
 * input, subclasses of {@link dev.autotransfer.AutoTransferException} for everything else.
 */
package dev.autotransfer.spi;
