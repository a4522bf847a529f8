package dev.autotransfer.jdbc;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Schedule specs and a client for the schedule creation tests. */
final class Specs {

    static final AccountRef SOURCE = AccountRef.of("BANK_A", "1002-3004-5006");
    static final AccountRef DESTINATION = AccountRef.of("BANK_B", "2002-3004-5007");
    /** The store's clock: nanoseconds on purpose, the database keeps microseconds. */
    static final Instant NOW = Instant.parse("2026-11-15T09:30:12.345678901Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Specs() {
    }

    /** Rent on the 25th of every month from 2026-12-01, 150,000 won, with the defaults. */
    static ScheduleSpec.Builder rent(String clientReference) {
        return ScheduleSpec.builder()
                .clientReference(clientReference)
                .source(SOURCE)
                .destination(DESTINATION)
                .amount(Money.krw(150_000))
                .memo("rent")
                .recurrence(Recurrence.monthly(LocalDate.of(2026, 12, 1), 25));
    }

    /** Who creates the schedules of these tests. */
    static final AuditContext AUDIT = AuditContext.of("test");

    /** A schedule client on the application role, stamping {@link #NOW}. */
    static JdbcScheduleClient store(TestDatabase db) {
        return JdbcScheduleClient.builder(db.appDataSource()).dialect(db.dialect()).clock(CLOCK).build();
    }

    static long count(TestDatabase db, String table) {
        return db.appJdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
