/**
 * The ports the engine needs from the outside world, starting with the persistence of schedules
 * ({@link dev.autotransfer.spi.ScheduleStore}).
 *
 * <p>Adapters implement these interfaces (autotransfer-jdbc ships the JDBC ones). Every port
 * states its contract and its thread-safety, and throws only unchecked exceptions:
 * {@link IllegalArgumentException} or {@link NullPointerException} naming the field for bad
 * input, subclasses of {@link dev.autotransfer.AutoTransferException} for everything else.
 */
package dev.autotransfer.spi;
