package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** History and audit are append-only, enforced by triggers and grants (DESIGN invariant 3). */
class AppendOnlyTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final List<String> APPEND_ONLY = List.of("at_history", "at_audit_log");

    @DatabaseTest
    void the_application_role_may_insert_and_select_history_and_audit(TestDatabase db) {
        Jdbi app = db.appJdbi();
        HistoryEvents.insert(app, DAY, 1, "STARTED");
        HistoryEvents.insertAudit(app, "42");

        assertThat(HistoryEvents.count(app, "at_history")).isEqualTo(1);
        assertThat(HistoryEvents.count(app, "at_audit_log")).isEqualTo(1);
    }

    @DatabaseTest
    void the_application_role_cannot_update_delete_or_truncate_history_and_audit(TestDatabase db) {
        Jdbi app = db.appJdbi();
        HistoryEvents.insert(app, DAY, 1, "STARTED");
        HistoryEvents.insertAudit(app, "42");

        // the missing grants refuse these before any trigger is reached
        for (String table : APPEND_ONLY) {
            String column = table.equals("at_history") ? "detail" : "actor";
            assertRefused(db, app, "UPDATE " + table + " SET " + column + " = 'changed'", Refusal.NO_PRIVILEGE);
            assertRefused(db, app, "DELETE FROM " + table, Refusal.NO_PRIVILEGE);
            assertRefused(db, app, "TRUNCATE TABLE " + table, Refusal.NO_PRIVILEGE);
            assertThat(HistoryEvents.count(db.jdbi(), table)).as(table).isEqualTo(1);
        }
    }

    @DatabaseTest
    void even_the_owner_cannot_update_or_delete_history_and_audit(TestDatabase db) {
        HistoryEvents.insert(db.jdbi(), DAY, 1, "STARTED");
        HistoryEvents.insertAudit(db.jdbi(), "42");

        for (String table : APPEND_ONLY) {
            assertRefused(db, db.jdbi(), "UPDATE " + table + " SET occurred_at = occurred_at", Refusal.APPEND_ONLY_TRIGGER);
            assertRefused(db, db.jdbi(), "DELETE FROM " + table, Refusal.APPEND_ONLY_TRIGGER);
            if (db.dialect() == Dialect.POSTGRESQL) {
                assertRefused(db, db.jdbi(), "TRUNCATE TABLE " + table, Refusal.APPEND_ONLY_TRIGGER);
            }
            assertThat(HistoryEvents.count(db.jdbi(), table)).as(table).isEqualTo(1);
        }
    }

    @DatabaseTest(dialects = {Dialect.POSTGRESQL, Dialect.MARIADB}) // history is not partitioned on H2
    void the_application_role_cannot_truncate_a_single_history_partition(TestDatabase db) {
        Jdbi app = db.appJdbi();
        HistoryEvents.insert(app, DAY, 1, "STARTED");

        assertRefused(db, app, db.dialect() == Dialect.POSTGRESQL ? "TRUNCATE TABLE at_history_2026_11"
                : "ALTER TABLE at_history TRUNCATE PARTITION at_history_2026_11", Refusal.NO_PRIVILEGE);
        assertRefused(db, app, db.dialect() == Dialect.POSTGRESQL ? "DELETE FROM at_history_2026_11"
                : "ALTER TABLE at_history DROP PARTITION at_history_2026_11", Refusal.NO_PRIVILEGE);
        assertThat(HistoryEvents.count(app, "at_history")).isEqualTo(1);
    }

    @DatabaseTest
    void the_application_role_cannot_drop_or_alter_tables(TestDatabase db) {
        Jdbi app = db.appJdbi();

        for (String table : List.of("at_history", "at_audit_log", "at_schedule", "at_work_item")) {
            assertRefused(db, app, "ALTER TABLE " + table + " ADD COLUMN intruder INT", Refusal.NO_PRIVILEGE);
            assertRefused(db, app, "DROP TABLE " + table, Refusal.NO_PRIVILEGE);
        }
        String dropOrDisableTrigger = switch (db.dialect()) {
            case POSTGRESQL -> "ALTER TABLE at_history DISABLE TRIGGER at_history_append_only";
            case MARIADB -> "DROP TRIGGER at_history_no_update";
            case H2 -> "DROP TRIGGER at_history_append_only";
        };
        assertRefused(db, app, dropOrDisableTrigger, Refusal.NO_PRIVILEGE);
        assertThat(HistoryEvents.count(db.jdbi(), "at_history")).isZero();
    }

    @DatabaseTest
    void the_application_role_has_full_dml_on_the_operational_tables(TestDatabase db) {
        Jdbi app = db.appJdbi();
        app.useHandle(h -> {
            h.execute(ScheduleRows.INSERT_SCHEDULE);
            h.execute("UPDATE at_schedule SET status = 'PAUSED', version = version + 1");
            h.execute("""
                    INSERT INTO at_work_item (schedule_id, nominal_date, bank_code, priority, kind, not_before)
                    SELECT id, next_due_date, source_bank, priority, 'CURRENT', updated_at FROM at_schedule""");
            h.execute("DELETE FROM at_work_item");
            h.execute("INSERT INTO at_audit_relay (sink_name, last_relayed_seq) VALUES ('siem', 0)");
            h.execute("UPDATE at_audit_relay SET last_relayed_seq = 7");
        });

        assertThat(HistoryEvents.count(app, "at_schedule")).isEqualTo(1);
        assertThat(HistoryEvents.count(app, "at_work_item")).isZero();
    }

    /** Asserts that the database refuses {@code sql} for the expected reason (SQLState / vendor code). */
    private static void assertRefused(TestDatabase db, Jdbi jdbi, String sql, Refusal expected) {
        Throwable failure = catchThrowable(() -> jdbi.useHandle(h -> h.execute(sql)));
        assertThat(failure).as("%s must be refused on %s", sql, db).isNotNull();
        assertThat(Refusal.of(db.dialect(), failure))
                .as("%s on %s: %s", sql, db, Refusal.describe(failure)).isEqualTo(expected);
    }
}
