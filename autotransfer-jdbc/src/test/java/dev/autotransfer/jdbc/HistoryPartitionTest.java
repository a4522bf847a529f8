package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.HistoryPartition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Monthly range partitions of history by nominal date, created ahead by maintenance. */
class HistoryPartitionTest {

    private static final LocalDate PAST_LAST_PARTITION = LocalDate.of(2027, 3, 1);

    @DatabaseTest
    void rows_land_in_the_partition_of_their_nominal_month(TestDatabase db) {
        if (db.dialect() == Dialect.H2) {
            assertThat(db.partitions().listPartitions()).isEmpty();
            return;
        }
        HistoryEvents.insert(db.appJdbi(), LocalDate.of(2026, 11, 30), 1, "STARTED");
        HistoryEvents.insert(db.appJdbi(), LocalDate.of(2026, 12, 1), 1, "STARTED");
        HistoryEvents.insert(db.appJdbi(), LocalDate.of(2019, 5, 25), 1, "STARTED");

        assertThat(rowsIn(db, "at_history_2026_11")).containsExactly(LocalDate.of(2026, 11, 30));
        assertThat(rowsIn(db, "at_history_2026_12")).containsExactly(LocalDate.of(2026, 12, 1));
        assertThat(rowsIn(db, "at_history_min")).containsExactly(LocalDate.of(2019, 5, 25));
        assertThat(db.partitions().listPartitions())
                .filteredOn(p -> p.contains(LocalDate.of(2026, 12, 1)))
                .extracting(HistoryPartition::name).containsExactly("at_history_2026_12");
    }

    @DatabaseTest
    void an_insert_past_the_last_partition_fails_until_maintenance_creates_its_month(TestDatabase db) {
        if (db.dialect() == Dialect.H2) {
            assertThat(db.partitions().ensureMonthsAhead(4)).isEmpty();
            assertThatCode(() -> HistoryEvents.insert(db.appJdbi(), PAST_LAST_PARTITION, 1, "STARTED"))
                    .doesNotThrowAnyException();
            return;
        }
        assertThatThrownBy(() -> HistoryEvents.insert(db.appJdbi(), PAST_LAST_PARTITION, 1, "STARTED"))
                .hasMessageContaining("partition");

        List<HistoryPartition> created = db.partitions().ensureMonthsAhead(4);

        assertThat(created).containsExactly(new HistoryPartition("at_history_2027_03",
                LocalDate.of(2027, 3, 1), LocalDate.of(2027, 4, 1)));
        HistoryEvents.insert(db.appJdbi(), PAST_LAST_PARTITION, 1, "STARTED");
        assertThat(rowsIn(db, "at_history_2027_03")).containsExactly(PAST_LAST_PARTITION);
        assertThat(db.partitions().ensureMonthsAhead(4)).isEmpty();
        assertThat(db.partitions().ensureMonthsAhead(2)).isEmpty();
    }

    @DatabaseTest
    void two_nodes_running_maintenance_at_once_both_succeed_and_create_each_month_once(TestDatabase db)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<List<HistoryPartition>>> runs = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                PartitionMaintenance maintenance = db.partitions();
                runs.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return maintenance.ensureMonthsAhead(8);
                }, pool));
            }
            start.countDown();
            List<HistoryPartition> created = new ArrayList<>();
            for (CompletableFuture<List<HistoryPartition>> run : runs) {
                created.addAll(run.orTimeout(60, TimeUnit.SECONDS).join());
            }

            if (db.dialect() == Dialect.H2) {
                assertThat(created).isEmpty();
                return;
            }
            assertThat(created).extracting(HistoryPartition::name).containsExactlyInAnyOrder(
                    "at_history_2027_03", "at_history_2027_04", "at_history_2027_05", "at_history_2027_06",
                    "at_history_2027_07");
            List<HistoryPartition> partitions = db.partitions().listPartitions();
            assertThat(partitions).hasSize(12);
            for (int i = 1; i < partitions.size(); i++) {
                assertThat(partitions.get(i).from()).isEqualTo(partitions.get(i - 1).to());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @DatabaseTest
    void maintenance_refuses_a_negative_or_absurd_number_of_months(TestDatabase db) {
        assertThatThrownBy(() -> db.partitions().ensureMonthsAhead(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> db.partitions().ensureMonthsAhead(121)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<LocalDate> rowsIn(TestDatabase db, String partition) {
        String from = db.dialect() == Dialect.POSTGRESQL ? partition : "at_history PARTITION (" + partition + ")";
        return db.jdbi().withHandle(h -> h.createQuery("SELECT nominal_date FROM " + from + " ORDER BY seq")
                .mapTo(LocalDate.class).list());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
