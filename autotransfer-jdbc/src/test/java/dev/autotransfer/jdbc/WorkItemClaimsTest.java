package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.jdbc.internal.WorkItemClaims;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.ClaimedWorkItem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** The claim: due, unleased items of one bank and priority, leased; expired leases are claimable again. */
class WorkItemClaimsTest {

    private static final Instant NOW = TestDatabase.NOW;
    private static final Duration LEASE = Duration.ofSeconds(30);

    @DatabaseTest
    void claims_only_due_unleased_items_of_the_bank_and_priority_and_leases_them(TestDatabase db) {
        Jdbi app = db.appJdbi();
        List<Long> due = insert(app, "BANK_A", 1, 3, NOW.minusSeconds(10));
        insert(app, "BANK_A", 1, 1, NOW.plusSeconds(1));  // not yet due
        insert(app, "BANK_B", 1, 1, NOW.minusSeconds(10)); // other bank
        insert(app, "BANK_A", 0, 1, NOW.minusSeconds(10)); // other priority
        long leased = insert(app, "BANK_A", 1, 1, NOW.minusSeconds(20)).get(0);
        app.useHandle(h -> h.createUpdate("""
                UPDATE at_work_item SET lease_until = :until, lease_token = 'token-1', lease_owner = 'node-0'
                WHERE id = :id""").bind("until", NOW.plusSeconds(5)).bind("id", leased).execute());
        WorkItemClaims claims = new WorkItemClaims(app, db.dialect());

        List<ClaimedWorkItem> claimed = claims.claim("BANK_A", Priority.P1, 10, "node-1", NOW, LEASE);

        assertThat(claimed).extracting(ClaimedWorkItem::id).containsExactlyElementsOf(due);
        ClaimedWorkItem first = claimed.get(0);
        assertThat(first.occurrence()).isEqualTo(new Occurrence(scheduleId(app), LocalDate.of(2026, 1, 1)));
        assertThat(first.bankCode()).isEqualTo("BANK_A");
        assertThat(first.priority()).isEqualTo(Priority.P1);
        assertThat(first.kind()).isEqualTo("CURRENT");
        assertThat(first.leaseUntil()).isEqualTo(NOW.plus(LEASE));
        Map<String, Object> row = app.withHandle(h -> h.createQuery(
                "SELECT lease_token, lease_owner, claim_count FROM at_work_item WHERE id = :id")
                .bind("id", first.id()).mapToMap().one());
        assertThat(row.get("lease_token")).hasToString(first.leaseToken().toString());
        assertThat(row.get("lease_owner")).isEqualTo("node-1");
        assertThat(((Number) row.get("claim_count")).intValue()).isEqualTo(1);
        Instant leaseUntil = app.withHandle(h -> h.createQuery("SELECT lease_until FROM at_work_item WHERE id = :id")
                .bind("id", first.id()).mapTo(Instant.class).one());
        assertThat(leaseUntil).isEqualTo(NOW.plus(LEASE));
        assertThat(claims.claim("BANK_A", Priority.P1, 2, "node-1", NOW, LEASE)).as("all leased now").isEmpty();
    }

    @DatabaseTest
    void a_claimed_item_is_claimable_again_only_after_its_lease_expired(TestDatabase db) {
        Jdbi app = db.appJdbi();
        List<Long> due = insert(app, "BANK_A", 1, 2, NOW.minusSeconds(10));
        WorkItemClaims claims = new WorkItemClaims(app, db.dialect());

        List<ClaimedWorkItem> first = claims.claim("BANK_A", Priority.P1, 1, "node-1", NOW, LEASE);
        List<ClaimedWorkItem> beforeExpiry = claims.claim("BANK_A", Priority.P1, 10, "node-2",
                NOW.plus(LEASE).minusMillis(1), LEASE);
        Instant afterExpiry = NOW.plus(LEASE).plusMillis(1);
        List<ClaimedWorkItem> recovered = claims.claim("BANK_A", Priority.P1, 10, "node-2", afterExpiry, LEASE);

        assertThat(first).extracting(ClaimedWorkItem::id).containsExactly(due.get(0));
        assertThat(beforeExpiry).extracting(ClaimedWorkItem::id).containsExactly(due.get(1));
        assertThat(recovered).as("the crashed node's item, after its lease").extracting(ClaimedWorkItem::id)
                .containsExactly(due.get(0));
        assertThat(recovered.get(0).leaseToken()).isNotEqualTo(first.get(0).leaseToken());
        String owner = app.withHandle(h -> h.createQuery("SELECT lease_owner FROM at_work_item WHERE id = :id")
                .bind("id", due.get(0)).mapTo(String.class).one());
        assertThat(owner).isEqualTo("node-2");
    }

    // H2 is the single-node default: concurrent claims are promised on PostgreSQL and MariaDB
    @DatabaseTest
    void an_item_due_before_the_lanes_floor_is_claimed_as_soon_as_the_lane_runs_short(TestDatabase db) {
        Jdbi app = db.appJdbi();
        List<Long> backlog = insert(app, "BANK_A", 1, 5, NOW.minusSeconds(10));
        WorkItemClaims claims = new WorkItemClaims(app, db.dialect());
        List<ClaimedWorkItem> first = claims.claim("BANK_A", Priority.P1, 2, "node-1", NOW, LEASE);
        // due before everything claimed so far: below the floor the full chunk left
        long early = insert(app, "BANK_A", 1, 1, NOW.minusSeconds(60)).get(0);

        List<ClaimedWorkItem> second = claims.claim("BANK_A", Priority.P1, 2, "node-1", NOW, LEASE);
        List<ClaimedWorkItem> third = claims.claim("BANK_A", Priority.P1, 2, "node-1", NOW, LEASE);

        assertThat(first).extracting(ClaimedWorkItem::id).containsExactly(backlog.get(0), backlog.get(1));
        assertThat(second).as("a full chunk above the floor").extracting(ClaimedWorkItem::id)
                .containsExactly(backlog.get(2), backlog.get(3));
        assertThat(third).as("short above the floor, so the whole range: the early item comes first")
                .extracting(ClaimedWorkItem::id).containsExactly(early, backlog.get(4));
        assertThat(claims.claim("BANK_A", Priority.P1, 2, "node-1", NOW, LEASE)).isEmpty();
    }

    @DatabaseTest
    void a_lanes_floor_is_dropped_after_a_few_seconds_so_nothing_waits_behind_a_long_backlog(TestDatabase db) {
        Jdbi app = db.appJdbi();
        List<Long> backlog = insert(app, "BANK_A", 1, 6, NOW.minusSeconds(10));
        WorkItemClaims claims = new WorkItemClaims(app, db.dialect());
        claims.claim("BANK_A", Priority.P1, 2, "node-1", NOW, LEASE);
        long early = insert(app, "BANK_A", 1, 1, NOW.minusSeconds(60)).get(0);

        List<ClaimedWorkItem> whileFloored = claims.claim("BANK_A", Priority.P1, 2, "node-1", NOW.plusSeconds(1), LEASE);
        List<ClaimedWorkItem> later = claims.claim("BANK_A", Priority.P1, 2, "node-1", NOW.plusSeconds(7), LEASE);

        assertThat(whileFloored).extracting(ClaimedWorkItem::id).containsExactly(backlog.get(2), backlog.get(3));
        assertThat(later).as("the floor expired: the range from its start").extracting(ClaimedWorkItem::id)
                .containsExactly(early, backlog.get(4));
    }

    @DatabaseTest(dialects = {Dialect.POSTGRESQL, Dialect.MARIADB})
    void two_claimers_with_open_transactions_get_disjoint_items(TestDatabase db) {
        Jdbi app = db.appJdbi();
        List<Long> due = insert(app, "BANK_A", 1, 10, NOW.minusSeconds(60));
        WorkItemClaims claims = new WorkItemClaims(app, db.dialect());

        try (Handle first = claimer(app); Handle second = claimer(app)) {
            List<ClaimedWorkItem> a = claims.claim(first, "BANK_A", Priority.P1, 4, "node-1", NOW, LEASE);
            List<ClaimedWorkItem> b = claims.claim(second, "BANK_A", Priority.P1, 10, "node-2", NOW, LEASE);

            assertThat(a).extracting(ClaimedWorkItem::id).containsExactlyElementsOf(due.subList(0, 4));
            assertThat(b).extracting(ClaimedWorkItem::id).containsExactlyElementsOf(due.subList(4, 10));
            first.commit();
            second.commit();
        }
        assertThat(claims.claim("BANK_A", Priority.P1, 10, "node-3", NOW, LEASE)).isEmpty();
    }

    @DatabaseTest(dialects = {Dialect.POSTGRESQL, Dialect.MARIADB})
    void concurrent_claimers_never_share_an_item(TestDatabase db) throws InterruptedException {
        Jdbi app = db.appJdbi();
        List<Long> due = insert(app, "BANK_A", 1, 40, NOW.minusSeconds(60));
        WorkItemClaims claims = new WorkItemClaims(app, db.dialect());

        List<Concurrently.Outcome<List<Long>>> outcomes = Concurrently.run(4, i -> () -> {
            List<Long> mine = new ArrayList<>();
            List<ClaimedWorkItem> chunk;
            do {
                chunk = claims.claim("BANK_A", Priority.P1, 3, "node-" + i, NOW, LEASE);
                chunk.forEach(item -> mine.add(item.id()));
            } while (!chunk.isEmpty());
            return mine;
        });

        Set<Long> seen = new HashSet<>();
        for (Concurrently.Outcome<List<Long>> outcome : outcomes) {
            assertThat(outcome.failure()).isNull();
            for (long id : outcome.value()) {
                assertThat(seen.add(id)).as("item %d claimed twice", id).isTrue();
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(due);
    }

    private static Handle claimer(Jdbi app) {
        Handle handle = app.open();
        handle.setTransactionIsolationLevel(TransactionIsolationLevel.READ_COMMITTED);
        handle.begin();
        return handle;
    }

    private static long scheduleId(Jdbi app) {
        return app.withHandle(h -> h.createQuery("SELECT MIN(id) FROM at_schedule").mapTo(Long.class).one());
    }

    /** Inserts work items, one occurrence a day after the existing ones; returns ids in claim order. */
    private static List<Long> insert(Jdbi app, String bank, int priority, int count, Instant notBefore) {
        return app.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM at_schedule").mapTo(Long.class).one() == 0) {
                h.execute(ScheduleRows.INSERT_SCHEDULE);
            }
            long schedule = h.createQuery("SELECT MIN(id) FROM at_schedule").mapTo(Long.class).one();
            long existing = h.createQuery("SELECT COUNT(*) FROM at_work_item").mapTo(Long.class).one();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                h.createUpdate("""
                        INSERT INTO at_work_item (schedule_id, nominal_date, bank_code, priority, kind, not_before)
                        VALUES (:schedule, :day, :bank, :priority, 'CURRENT', :notBefore)""")
                        .bind("schedule", schedule).bind("day", LocalDate.of(2026, 1, 1).plusDays(existing + i))
                        .bind("bank", bank).bind("priority", priority)
                        .bind("notBefore", notBefore.plusMillis(i)).execute();
                ids.add(h.createQuery("SELECT MAX(id) FROM at_work_item").mapTo(Long.class).one());
            }
            return ids;
        });
    }
}
