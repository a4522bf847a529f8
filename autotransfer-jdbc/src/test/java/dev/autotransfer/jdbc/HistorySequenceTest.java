package dev.autotransfer.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** History and audit are ordered by a database sequence taken at insert, never by timestamps. */
class HistorySequenceTest {

    @DatabaseTest
    void history_sequence_follows_insert_order_across_partitions(TestDatabase db) {
        Jdbi app = db.appJdbi();
        List<LocalDate> days = List.of(LocalDate.of(2026, 12, 31), LocalDate.of(2020, 1, 1),
                LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 9, 1));
        app.useHandle(h -> {
            for (int i = 0; i < days.size(); i++) {
                HistoryEvents.insert(h, HistoryEvents.SCHEDULE + i, days.get(i), 1, "STARTED");
            }
        });

        List<Long> schedulesInSeqOrder = app.withHandle(h -> h.createQuery(
                "SELECT schedule_id FROM at_history ORDER BY seq").mapTo(Long.class).list());

        assertThat(schedulesInSeqOrder).containsExactly(42L, 43L, 44L, 45L, 46L);
    }

    @DatabaseTest
    void audit_sequence_follows_insert_order(TestDatabase db) {
        Jdbi app = db.appJdbi();
        for (String id : List.of("c", "a", "b")) {
            HistoryEvents.insertAudit(app, id);
        }

        List<String> idsInSeqOrder = app.withHandle(h -> h.createQuery(
                "SELECT entity_id FROM at_audit_log ORDER BY seq").mapTo(String.class).list());

        assertThat(idsInSeqOrder).containsExactly("c", "a", "b");
    }
}
