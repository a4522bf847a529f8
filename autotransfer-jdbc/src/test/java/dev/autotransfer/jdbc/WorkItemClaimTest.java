package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The claim's shape against the claim index: one range on claimable_at per (bank, priority), in
 * index order, FOR UPDATE SKIP LOCKED. A test-only query; the engine will own the real one.
 */
class WorkItemClaimTest {

    private static final Instant NOW = TestDatabase.NOW;

    private static String claimSql(Dialect dialect) {
        String limit = dialect == Dialect.H2 ? "FETCH FIRST :limit ROWS ONLY" : "LIMIT :limit";
        return """
                SELECT id FROM at_work_item
                WHERE bank_code = :bank AND priority = :priority AND claimable_at <= :now
                ORDER BY claimable_at, id
                """ + limit + " FOR UPDATE SKIP LOCKED";
    }

    // H2 is the single-node default: concurrent claims are promised on PostgreSQL and MariaDB
    @DatabaseTest(dialects = {Dialect.POSTGRESQL, Dialect.MARIADB})
    void two_claimers_with_open_transactions_get_disjoint_work_items(TestDatabase db) {
        Jdbi app = db.appJdbi();
        List<Long> due = insertWorkItems(app, 10, NOW.minusSeconds(60));

        try (Handle first = claimer(app, db.dialect()); Handle second = claimer(app, db.dialect());
                Handle third = claimer(app, db.dialect())) {
            List<Long> firstClaim = claim(first, db.dialect(), 4);
            List<Long> secondClaim = claim(second, db.dialect(), 4);
            List<Long> thirdClaim = claim(third, db.dialect(), 10);

            assertThat(firstClaim).containsExactlyElementsOf(due.subList(0, 4));
            assertThat(secondClaim).containsExactlyElementsOf(due.subList(4, 8));
            assertThat(thirdClaim).containsExactlyElementsOf(due.subList(8, 10));
            first.rollback();
            assertThat(claim(second, db.dialect(), 10)).as("the second claimer's own rows and the released ones")
                    .containsExactlyElementsOf(due.subList(0, 8));
            second.commit();
            third.commit();
        }
    }

    @DatabaseTest
    void only_due_unleased_items_of_the_bank_and_priority_are_claimed(TestDatabase db) {
        Jdbi app = db.appJdbi();
        List<Long> due = insertWorkItems(app, 2, NOW.minusSeconds(1));
        insertWorkItems(app, 1, NOW.plusSeconds(1));
        long leased = insertWorkItems(app, 1, NOW.minusSeconds(60)).get(0);
        app.useHandle(h -> h.createUpdate("""
                UPDATE at_work_item SET lease_until = :until, lease_token = 'token-1', lease_owner = 'node-1'
                WHERE id = :id""").bind("until", NOW.plus(Duration.ofMinutes(1))).bind("id", leased).execute());

        List<Long> claimed = app.inTransaction(h -> claim(h, db.dialect(), 10));

        assertThat(claimed).containsExactlyElementsOf(due);
        Map<String, Object> leasedRow = app.withHandle(h -> h.createQuery(
                "SELECT claimable_at, lease_until FROM at_work_item WHERE id = :id").bind("id", leased).mapToMap().one());
        assertThat(leasedRow.get("claimable_at")).isEqualTo(leasedRow.get("lease_until"));
    }

    @DatabaseTest(dialects = Dialect.MARIADB) // the index-order trap is InnoDB's
    void the_mariadb_claim_reads_the_claim_index_without_a_sort(TestDatabase db) {
        Jdbi app = db.appJdbi();
        insertWorkItems(app, 50, NOW.minusSeconds(60));

        Map<String, Object> plan = app.withHandle(h -> h.createQuery("EXPLAIN " + claimSql(db.dialect()))
                .bind("bank", "BANK_A").bind("priority", 1).bind("now", NOW).bind("limit", 5).mapToMap().one());

        assertThat(plan.get("key")).isEqualTo("at_work_item_claim_ix");
        assertThat(String.valueOf(plan.get("extra"))).doesNotContainIgnoringCase("filesort");
    }

    /** A handle in an open READ COMMITTED transaction, as the engine's claimers will run. */
    private static Handle claimer(Jdbi app, Dialect dialect) {
        Handle handle = app.open();
        handle.setTransactionIsolationLevel(TransactionIsolationLevel.READ_COMMITTED);
        handle.begin();
        if (dialect == Dialect.MARIADB) {
            assertThat(handle.createQuery("SELECT @@tx_isolation").mapTo(String.class).one()).isEqualTo("READ-COMMITTED");
        }
        return handle;
    }

    private static List<Long> claim(Handle handle, Dialect dialect, int limit) {
        return handle.createQuery(claimSql(dialect)).bind("bank", "BANK_A").bind("priority", 1).bind("now", NOW)
                .bind("limit", limit).mapTo(Long.class).list();
    }

    /** Inserts work items for BANK_A priority 1, one occurrence a day; returns ids in claim order. */
    private static List<Long> insertWorkItems(Jdbi app, int count, Instant notBefore) {
        return app.inTransaction(h -> {
            long schedule = h.createQuery("SELECT COUNT(*) FROM at_schedule").mapTo(Long.class).one() == 0
                    ? insertSchedule(h) : h.createQuery("SELECT MIN(id) FROM at_schedule").mapTo(Long.class).one();
            long existing = h.createQuery("SELECT COUNT(*) FROM at_work_item").mapTo(Long.class).one();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                h.createUpdate("""
                        INSERT INTO at_work_item (schedule_id, nominal_date, bank_code, priority, kind, not_before)
                        VALUES (:schedule, :day, 'BANK_A', 1, 'CURRENT', :notBefore)""")
                        .bind("schedule", schedule).bind("day", LocalDate.of(2026, 1, 1).plusDays(existing + i))
                        .bind("notBefore", notBefore.plusMillis(i)).execute();
                ids.add(h.createQuery("SELECT MAX(id) FROM at_work_item").mapTo(Long.class).one());
            }
            return ids;
        });
    }

    private static long insertSchedule(Handle h) {
        h.execute(ScheduleRows.INSERT_SCHEDULE);
        return h.createQuery("SELECT id FROM at_schedule").mapTo(Long.class).one();
    }
}
