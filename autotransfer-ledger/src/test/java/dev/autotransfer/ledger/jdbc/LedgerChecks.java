package dev.autotransfer.ledger.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/** Checks of the ledger's rows in the database, and a way to run calls together, for the ledger tests. */
final class LedgerChecks {

    private LedgerChecks() {
    }

    /**
     * Checks the database's own rows: every movement's two entries sum to zero, the whole ledger sums
     * to zero, every customer account's posted balance is the sum of its entries and its held amount
     * the sum of its pending holds, and no available balance is negative.
     */
    static void assertConserved(TestDatabase db) {
        Jdbi owner = db.jdbi();
        assertThat(count(db, "SELECT COALESCE(SUM(amount_minor), 0) FROM at_ledger_entry")).isZero();
        List<Long> unbalanced = owner.withHandle(h -> h.createQuery("""
                SELECT m.id FROM at_movement m JOIN at_ledger_entry e ON e.movement_id = m.id
                GROUP BY m.id HAVING SUM(e.amount_minor) <> 0 OR COUNT(*) <> 2""").mapTo(Long.class).list());
        assertThat(unbalanced).as("movements whose entries do not balance").isEmpty();
        assertThat(count(db, "SELECT COUNT(*) FROM at_movement m WHERE NOT EXISTS "
                + "(SELECT 1 FROM at_ledger_entry e WHERE e.movement_id = m.id)")).isZero();
        List<Map<String, Object>> off = owner.withHandle(h -> h.createQuery("""
                SELECT a.id, a.posted_minor, a.held_minor,
                    (SELECT COALESCE(SUM(e.amount_minor), 0) FROM at_ledger_entry e WHERE e.account_id = a.id) AS entries,
                    (SELECT COALESCE(SUM(o.amount_minor), 0) FROM at_hold o
                        WHERE o.account_id = a.id AND o.status = 'PENDING') AS pending
                FROM at_account a WHERE a.kind <> 'SYSTEM'""").mapToMap().list());
        for (Map<String, Object> row : off) {
            long posted = ((Number) row.get("posted_minor")).longValue();
            long heldAmount = ((Number) row.get("held_minor")).longValue();
            assertThat(posted).as("account " + row.get("id") + " posted vs entries")
                    .isEqualTo(((Number) row.get("entries")).longValue());
            assertThat(heldAmount).as("account " + row.get("id") + " held vs pending holds")
                    .isEqualTo(((Number) row.get("pending")).longValue());
            assertThat(posted - heldAmount).as("account " + row.get("id") + " available").isNotNegative();
        }
    }

    static long count(TestDatabase db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Runs {@code n} tasks released together, each on its own thread; fails on the first failure. */
    static <T> List<T> together(int n, java.util.function.IntFunction<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> task = tasks.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = Collections.synchronizedList(new ArrayList<>());
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
