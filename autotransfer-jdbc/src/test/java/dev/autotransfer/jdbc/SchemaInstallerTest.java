package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.HistoryPartition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

class SchemaInstallerTest {

    /** How docs/operations.md tells Flyway and Liquibase users to cut the script. */
    private static final Pattern SEPARATOR_LINE = Pattern.compile("(?m)^-- ;;[ \\t]*$");

    @DatabaseTest(installSchema = false)
    void installs_the_schema_into_an_empty_database_and_records_version_1(TestDatabase db) {
        SchemaInstaller installer = db.installer().build();
        assertThat(installer.dialect()).isEqualTo(db.dialect());
        assertThat(installer.isInstalled()).isFalse();

        assertThat(installer.install()).isTrue();

        assertThat(installer.isInstalled()).isTrue();
        List<Integer> versions = db.jdbi().withHandle(h -> h.createQuery("SELECT version FROM at_schema_version")
                .mapTo(Integer.class).list());
        assertThat(versions).containsExactly(1);
        for (String table : List.of("at_schedule", "at_work_item", "at_history", "at_dead_letter", "at_run",
                "at_run_node", "at_alarm", "at_audit_log", "at_audit_relay")) {
            assertThat(HistoryEvents.count(db.jdbi(), table)).as(table).isZero();
        }
    }

    @DatabaseTest
    void a_second_install_does_nothing(TestDatabase db) {
        assertThat(db.installer().build().install()).isFalse();
        assertThat(db.installer().build().install()).isFalse();

        assertThat(HistoryEvents.count(db.jdbi(), "at_schema_version")).isEqualTo(1);
    }

    @DatabaseTest(installSchema = false)
    void two_installers_at_once_install_the_schema_exactly_once(TestDatabase db) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Boolean>> installs = List.of(
                    CompletableFuture.supplyAsync(() -> awaitThenInstall(start, db), pool),
                    CompletableFuture.supplyAsync(() -> awaitThenInstall(start, db), pool));
            start.countDown();
            List<Boolean> results = installs.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join()).toList();

            assertThat(results).containsExactlyInAnyOrder(true, false);
            assertThat(HistoryEvents.count(db.jdbi(), "at_schema_version")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @DatabaseTest
    void creates_history_partitions_from_the_first_month_through_the_months_ahead(TestDatabase db) {
        List<HistoryPartition> partitions = db.partitions().listPartitions();

        if (db.dialect() == Dialect.H2) {
            assertThat(partitions).isEmpty();
            return;
        }
        assertThat(partitions).extracting(HistoryPartition::name).containsExactly("at_history_min",
                "at_history_2026_09", "at_history_2026_10", "at_history_2026_11", "at_history_2026_12",
                "at_history_2027_01", "at_history_2027_02");
        assertThat(partitions.get(0)).isEqualTo(new HistoryPartition("at_history_min", null, LocalDate.of(2026, 9, 1)));
        assertThat(partitions.get(6)).isEqualTo(new HistoryPartition("at_history_2027_02",
                LocalDate.of(2027, 2, 1), LocalDate.of(2027, 3, 1)));
    }

    /** As a migration tool applies {@link SchemaInstaller#script()}: cut at the separator lines, one statement at a time. */
    @DatabaseTest(installSchema = false)
    void the_printed_script_split_at_its_separator_lines_installs_the_schema(TestDatabase db) throws Exception {
        SchemaInstaller installer = db.installer().build();
        String script = installer.script();
        List<String> statements = Arrays.stream(SEPARATOR_LINE.split(script)).map(String::strip)
                .filter(statement -> !statement.isEmpty()).toList();
        assertThat(statements).hasSizeGreaterThan(15).allSatisfy(statement -> assertThat(statement).endsWith(";"));

        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            for (String statement : statements) {
                try (Statement jdbc = connection.createStatement()) {
                    jdbc.execute(statement);
                }
            }
        }

        assertThat(installer.isInstalled()).isTrue();
        assertThat(installer.install()).as("install() after the script").isFalse();
        assertThat(HistoryEvents.count(db.jdbi(), "at_schema_version")).isEqualTo(1);
        if (db.dialect() != Dialect.H2) {
            assertThat(db.partitions().listPartitions()).extracting(HistoryPartition::name).containsExactly(
                    "at_history_min", "at_history_2026_09", "at_history_2026_10", "at_history_2026_11",
                    "at_history_2026_12", "at_history_2027_01", "at_history_2027_02");
        }
        // the trigger bodies came through whole: history is append-only, even for the owner
        HistoryEvents.insert(db.appJdbi(), LocalDate.of(2026, 11, 25), 1, "STARTED");
        Throwable update = catchThrowable(() -> db.jdbi().useHandle(h -> h.execute("UPDATE at_history SET detail = 'x'")));
        assertThat(Refusal.of(db.dialect(), update)).as(Refusal.describe(update)).isEqualTo(Refusal.APPEND_ONLY_TRIGGER);
    }

    @DatabaseTest(installSchema = false)
    void refuses_to_install_over_a_partial_install(TestDatabase db) {
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE at_schedule (id INT PRIMARY KEY)"));

        assertThatThrownBy(() -> db.installer().build().install())
                .isInstanceOf(AutoTransferJdbcException.class)
                .hasMessageContaining("at_schedule exists");
    }

    private static boolean awaitThenInstall(CountDownLatch start, TestDatabase db) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return db.installer().build().install();
    }
}
