package dev.autotransfer.jdbc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.JdbcScheduleClient;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A schedule client on the application role with a controllable clock, and readers of the audit log. */
final class ClientFixture {

    static final Instant NOW = Instant.parse("2026-11-15T09:30:12.345678Z");
    static final AccountRef SOURCE = AccountRef.of("BANK_A", "1002-3004-5006");
    static final AccountRef DESTINATION = AccountRef.of("BANK_B", "2002-3004-5007");
    static final AuditContext ALICE = AuditContext.of("alice@ops", "203.0.113.7");
    static final ObjectMapper JSON = new ObjectMapper();

    final TestDatabase db;
    final MutableClock clock = new MutableClock(NOW);
    final JdbcScheduleClient client;

    ClientFixture(TestDatabase db) {
        this.db = db;
        this.client = JdbcScheduleClient.builder(db.appDataSource()).dialect(db.dialect()).clock(clock).build();
    }

    /** Rent on the 25th of every month from 2026-12-01, 150,000 won. */
    static ScheduleSpec.Builder rent(String clientReference) {
        return ScheduleSpec.builder()
                .clientReference(clientReference)
                .source(SOURCE)
                .destination(DESTINATION)
                .amount(Money.krw(150_000))
                .memo("rent")
                .recurrence(Recurrence.monthly(LocalDate.of(2026, 12, 1), 25));
    }

    /** One row of at_audit_log with its JSON parsed. */
    record AuditRow(long seq, Instant occurredAt, String actor, String clientIp, String entityType, String entityId,
            String action, JsonNode before, JsonNode after) {
    }

    List<AuditRow> audit() {
        return db.appJdbi().withHandle(h -> h.createQuery("""
                SELECT seq, occurred_at, actor, client_ip, entity_type, entity_id, action, before_json, after_json
                FROM at_audit_log ORDER BY seq""")
                .map((rs, ctx) -> new AuditRow(rs.getLong("seq"),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "occurred_at", ctx),
                        rs.getString("actor"), rs.getString("client_ip"), rs.getString("entity_type"),
                        rs.getString("entity_id"), rs.getString("action"), parse(rs.getString("before_json")),
                        parse(rs.getString("after_json"))))
                .list());
    }

    long count(String sql) {
        return db.appJdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("audit JSON does not parse: " + e.getMessage(), e);
        }
    }
}
