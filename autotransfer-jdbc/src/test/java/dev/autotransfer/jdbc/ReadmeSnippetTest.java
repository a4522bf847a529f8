package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The README's "Running the engine" snippet, as written there, compiles and runs on H2. */
class ReadmeSnippetTest {

    @DatabaseTest(dialects = Dialect.H2)
    void the_readme_snippet_creates_an_audited_schedule_and_runs_an_engine(TestDatabase testDatabase) {
        DataSource ownerDataSource = testDatabase.dataSource();
        BankClient bankAClient = new SimulatedBank(1, Clock.systemUTC()).client("BANK_A");

        // from README.md, "Running the engine" (its "..." is the wait for the engine to join a run)
        DataSource db = testDatabase.appPool(8);               // the application role's pool
        SchemaInstaller.builder(ownerDataSource).build().install();   // once, with the owner role
        AutoTransferDatabase database = AutoTransferDatabase.of(db);  // one entry point per database
        database.schedules().create(ScheduleSpec.builder()             // audited: who created it, and when
                .clientReference("rent-2026-alice")
                .source(AccountRef.of("BANK_A", "1002-3004-5006"))
                .destination(AccountRef.of("BANK_B", "2002-3004-5007"))
                .amount(Money.krw(500_000))
                .recurrence(Recurrence.monthly(LocalDate.of(2026, 12, 1), 25))
                .build(), AuditContext.of("user:alice"));

        try (AutoTransferEngine engine = database
                .engine(BankDirectory.of(Map.of("BANK_A", bankAClient)))   // your BankClient per bank;
                .config(EngineConfig.builder().workerThreads(8).build())   // the database's clock is the
                .build()) {                                                 // time source of every node
            engine.start();                                    // or engine.runOnce() from your own scheduler
            await().atMost(Duration.ofSeconds(30)).until(() -> !database.runs()
                    .list(LocalDate.of(2000, 1, 1), LocalDate.of(2999, 12, 31)).isEmpty());
        }

        Schedule stored = database.schedules().findByClientReference("rent-2026-alice").orElseThrow();
        assertThat(stored.spec().amount()).isEqualTo(Money.krw(500_000));
        List<String> creators = testDatabase.jdbi().withHandle(h -> h.createQuery(
                "SELECT actor FROM at_audit_log WHERE entity_id = :id AND action = 'CREATE'")
                .bind("id", Long.toString(stored.id())).mapTo(String.class).list());
        assertThat(creators).containsExactly("user:alice");
    }
}
