package dev.autotransfer.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Writes history and audit rows the way the engine will, for the schema tests. */
final class HistoryEvents {

    static final long SCHEDULE = 42;
    static final Instant AT = Instant.parse("2026-11-15T00:00:00Z");

    private static final String INSERT = """
            INSERT INTO at_history (schedule_id, nominal_date, attempt, idempotency_key, event_type, occurred_at,
                source_bank, source_account, destination_bank, destination_account, amount_minor, currency, memo,
                request_created_at, external_transaction_id, code, node_id)
            VALUES (:scheduleId, :nominalDate, :attempt, :key, :eventType, :occurredAt,
                :sourceBank, :sourceAccount, :destinationBank, :destinationAccount, :amountMinor, :currency, :memo,
                :requestCreatedAt, :externalId, :code, 'node-1')""";

    private HistoryEvents() {
    }

    static String key(long scheduleId, LocalDate nominalDate, int attempt) {
        return scheduleId + ":" + nominalDate + ":" + attempt;
    }

    /** Inserts an event of schedule {@link #SCHEDULE} for the key of the given attempt. */
    static void insert(Jdbi jdbi, LocalDate nominalDate, Integer attempt, String eventType) {
        jdbi.useHandle(handle -> insert(handle, SCHEDULE, nominalDate, attempt, eventType));
    }

    static void insert(Handle handle, long scheduleId, LocalDate nominalDate, Integer attempt, String eventType) {
        insert(handle, scheduleId, nominalDate, attempt, attempt == null ? null : key(scheduleId, nominalDate, attempt),
                eventType);
    }

    /** Inserts an event with the key text given, whatever the attempt it names. */
    static void insert(Handle handle, long scheduleId, LocalDate nominalDate, Integer attempt, String key,
            String eventType) {
        boolean started = eventType.equals("STARTED");
        handle.createUpdate(INSERT)
                .bind("scheduleId", scheduleId)
                .bind("nominalDate", nominalDate)
                .bind("attempt", attempt)
                .bind("key", key)
                .bind("eventType", eventType)
                .bind("occurredAt", AT)
                .bind("sourceBank", started ? "BANK_A" : null)
                .bind("sourceAccount", started ? "1002-3004-5006" : null)
                .bind("destinationBank", started ? "BANK_B" : null)
                .bind("destinationAccount", started ? "2002-3004-5006" : null)
                .bind("amountMinor", started ? Long.valueOf(150_000) : null)
                .bind("currency", started ? "KRW" : null)
                .bind("memo", started ? "rent" : null)
                .bind("requestCreatedAt", started ? AT : null)
                .bind("externalId", eventType.equals("SUCCEEDED") ? "EXT-" + nominalDate : null)
                .bind("code", eventType.equals("FAILED") ? "INSUFFICIENT_FUNDS" : null)
                .execute();
    }

    static void insertAudit(Jdbi jdbi, String entityId) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO at_audit_log (occurred_at, actor, client_ip, entity_type, entity_id, action, before_json, after_json)
                VALUES (:at, 'alice', '10.0.0.1', 'SCHEDULE', :entityId, 'PAUSE', '{"status":"ACTIVE"}', '{"status":"PAUSED"}')""")
                .bind("at", AT).bind("entityId", entityId).execute());
    }

    static long count(Jdbi jdbi, String table) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
