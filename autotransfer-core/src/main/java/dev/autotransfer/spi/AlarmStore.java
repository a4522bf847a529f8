package dev.autotransfer.spi;

import dev.autotransfer.event.Alarm;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Persists the alarms the engine raises, so an operator sees them next to runs and dead letters
 * (JDBC: {@code JdbcAlarmStore}, table {@code at_alarm}). Set it on the engine with
 * {@link dev.autotransfer.engine.AutoTransferEngine.Builder#alarmStore} (the JDBC module's
 * {@code AutoTransferDatabase} does). The engine never calls it on its own threads: an
 * {@link dev.autotransfer.engine.AlarmRecorder} writes alarms to it off them.
 *
 * <p><b>Contract.</b> {@link #record} inserts one row and may block for one short transaction;
 * alarms are facts, never updated. Both methods throw a subclass of
 * {@link dev.autotransfer.AutoTransferException} when the store fails.
 *
 * <p><b>Thread-safety.</b> Implementations must be safe for concurrent use by any number of threads.
 */
public interface AlarmStore {

    /**
     * Records the alarm as raised by a node in a run.
     *
     * @param alarm the alarm; its detail is cut to 500 characters
     * @param nodeId the node that raised it, or null
     * @param runId the run the node was part of, or null
     */
    void record(Alarm alarm, String nodeId, Long runId);

    /**
     * The alarms raised at or after {@code since}, newest first, at most {@code limit} (1..1000).
     *
     * @throws IllegalArgumentException if the limit is out of range
     */
    List<StoredAlarm> list(Instant since, int limit);

    /**
     * An alarm as stored. Immutable and thread-safe.
     *
     * @param id the row's id, increasing in insertion order
     * @param alarm the alarm
     * @param nodeId the node that raised it, or null
     * @param runId its run, or null
     */
    record StoredAlarm(long id, Alarm alarm, String nodeId, Long runId) {

        /** Checks the alarm is present. */
        public StoredAlarm {
            Objects.requireNonNull(alarm, "alarm");
        }
    }
}
