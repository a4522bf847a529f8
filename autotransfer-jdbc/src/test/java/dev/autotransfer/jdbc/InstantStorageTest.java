package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.TimeZone;
import org.jdbi.v3.core.Jdbi;

/**
 * Instants are stored as UTC on all three databases whatever the JVM's default zone (docs/schema.md):
 * the bind and read of {@code UtcInstants}, through the Jdbi every store gets from {@code JdbiFactory}.
 */
class InstantStorageTest {

    private static final Instant CHUSEOK_MIDNIGHT_IN_SEOUL = Instant.parse("2026-09-27T15:00:00Z");
    private static final List<Instant> INSTANTS = List.of(
            Instant.EPOCH, // the no-lease sentinel
            CHUSEOK_MIDNIGHT_IN_SEOUL,
            Instant.parse("2026-03-08T02:30:00.123456Z"), // its UTC wall time is skipped in New York
            Instant.parse("2026-11-01T05:30:00Z"), // 01:30 in New York, a wall time that happens twice
            Instant.parse("2038-01-19T03:14:08Z"), // past the end of MariaDB's TIMESTAMP
            Instant.parse("9999-12-31T23:59:59.999999Z"));

    @DatabaseTest
    void an_instant_written_and_read_back_is_identical_whatever_the_jvm_zone(TestDatabase db) {
        Jdbi jdbi = JdbiFactory.create(db.appDataSource(), db.dialect());
        for (String zone : List.of("Asia/Seoul", "America/New_York")) {
            try (DefaultZone ignored = DefaultZone.set(zone)) {
                assertThat(TimeZone.getDefault().getID()).isEqualTo(zone);
                jdbi.useHandle(h -> h.execute("DELETE FROM at_run"));
                for (int i = 0; i < INSTANTS.size(); i++) {
                    insertRun(jdbi, i, INSTANTS.get(i), null);
                }

                assertThat(readStartedAt(jdbi)).as("read back with the JVM in %s", zone).containsExactlyElementsOf(INSTANTS);
                List<Instant> endedAt = jdbi.withHandle(h -> h.createQuery(
                        "SELECT ended_at FROM at_run ORDER BY business_date").mapTo(Instant.class).list());
                assertThat(endedAt).as("NULL reads back as null").hasSize(INSTANTS.size()).containsOnlyNulls();
            }
        }
    }

    @DatabaseTest
    void the_database_holds_the_utc_instant_that_was_bound(TestDatabase db) {
        Jdbi jdbi = JdbiFactory.create(db.appDataSource(), db.dialect());
        try (DefaultZone ignored = DefaultZone.set("Asia/Seoul")) {
            insertRun(jdbi, 0, CHUSEOK_MIDNIGHT_IN_SEOUL, CHUSEOK_MIDNIGHT_IN_SEOUL.plusSeconds(1));
            String utcLiteral = db.dialect() == Dialect.MARIADB ? "TIMESTAMP '2026-09-27 15:00:00'"
                    : "TIMESTAMP WITH TIME ZONE '2026-09-27 15:00:00+00'";

            long matching = jdbi.withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM at_run WHERE started_at = " + utcLiteral + " AND ended_at > :bound")
                    .bind("bound", CHUSEOK_MIDNIGHT_IN_SEOUL).mapTo(Long.class).one());

            assertThat(matching).as("a literal UTC instant and a bound one compare as the stored value").isEqualTo(1);
        }
    }

    @DatabaseTest(dialects = Dialect.MARIADB)
    void mariadb_stores_the_utc_wall_time_in_its_datetime_column(TestDatabase db) {
        Jdbi jdbi = JdbiFactory.create(db.appDataSource(), db.dialect());
        try (DefaultZone ignored = DefaultZone.set("Asia/Seoul")) {
            insertRun(jdbi, 0, CHUSEOK_MIDNIGHT_IN_SEOUL, null);

            String text = db.appJdbi().withHandle(h -> h.createQuery("SELECT CAST(started_at AS CHAR) FROM at_run")
                    .mapTo(String.class).one());
            String raw = db.appJdbi().withHandle(h -> h.createQuery("SELECT started_at FROM at_run")
                    .map((rs, ctx) -> rs.getObject(1, LocalDateTime.class).toString()).one());

            assertThat(text).isEqualTo("2026-09-27 15:00:00.000000");
            assertThat(raw).isEqualTo("2026-09-27T15:00");
        }
    }

    @DatabaseTest
    void instants_are_kept_to_the_microsecond_by_truncation_on_every_database(TestDatabase db) {
        Jdbi jdbi = JdbiFactory.create(db.appDataSource(), db.dialect());
        insertRun(jdbi, 0, Instant.parse("2026-11-15T00:00:00.123456999Z"), null);

        assertThat(readStartedAt(jdbi)).containsExactly(Instant.parse("2026-11-15T00:00:00.123456Z"));
    }

    private static void insertRun(Jdbi jdbi, int day, Instant startedAt, Instant endedAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO at_run (business_date, status, started_at, ended_at, stage_started_at, evaluated_from)
                VALUES (:businessDate, 'RUNNING', :startedAt, :endedAt, :startedAt, :startedAt)""")
                .bind("businessDate", LocalDate.of(2026, 1, 1).plusDays(day))
                .bind("startedAt", startedAt)
                .bindByType("endedAt", endedAt, Instant.class)
                .execute());
    }

    private static List<Instant> readStartedAt(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT started_at FROM at_run ORDER BY business_date")
                .mapTo(Instant.class).list());
    }
}
