package dev.autotransfer.jdbc.engine;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.spi.TransferStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.DeadLetter;
import dev.autotransfer.client.DeadLetterInspection;
import dev.autotransfer.client.DeadLetterQuery;
import dev.autotransfer.client.OccurrenceStory;
import dev.autotransfer.jdbc.AutoTransferDatabase;
import dev.autotransfer.jdbc.JdbcDeadLetterClient;
import dev.autotransfer.jdbc.JdbcRunStore;
import dev.autotransfer.jdbc.JdbcTransferStore;
import dev.autotransfer.jdbc.testing.DatabaseServers;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Two installations (two databases) sharing one bank, each with schedule 1 due on the same date and
 * the same request body: the worst case for keys that are not unique across installations. With the
 * installation id as the key prefix the bank executes both; without a prefix it would answer the
 * second installation with the first one's outcome, and a transfer that never ran would be recorded
 * SUCCEEDED.
 */
class InstallationKeyPrefixTest {

    private static final AccountRef SOURCE = AccountRef.of("BANK_A", "110-0000-0001");
    private static final AccountRef DESTINATION = AccountRef.of("OTHER", "990-0000-0001");

    private final MutableClock clock = new MutableClock(EngineFixture.START);
    private final SimulatedBank bank = new SimulatedBank(20261125L, clock, Sleeper.none());

    InstallationKeyPrefixTest() {
        bank.configure("BANK_A", SimulatedBankConfig.custom().requestsPerSecond(1_000_000).build());
        bank.openAccount(SOURCE, Money.krw(1_000_000));
    }

    @DatabaseTest
    void two_installations_sharing_a_bank_each_get_their_schedule_executed_under_their_own_key(TestDatabase db) {
        try (TestDatabase other = installed(db)) {
            String firstId = AutoTransferDatabase.of(db.appDataSource()).installationId();
            String secondId = AutoTransferDatabase.of(other.appDataSource()).installationId();
            assertThat(firstId).isNotEqualTo(secondId);
            Schedule first = register(db);
            Schedule second = register(other);
            assertThat(first.id()).as("the same schedule id in both").isEqualTo(second.id());

            RunReport firstRun = run(db, this::jdbcEngine);
            RunReport secondRun = run(other, this::jdbcEngine);

            assertThat(firstRun.succeeded()).isEqualTo(1);
            assertThat(secondRun.succeeded()).isEqualTo(1);
            String key = first.id() + ":" + EngineFixture.TODAY + ":1";
            assertThat(bank.executedDebits()).extracting(ExecutedDebit::idempotencyKey)
                    .containsExactly(firstId + "-" + key, secondId + "-" + key);
            assertThat(bank.occurrencesExecutedMoreThanOnce()).isEmpty();
            assertThat(bank.balance(SOURCE)).isEqualTo(Money.krw(1_000_000 - 2 * 1_000));
            // each SUCCEEDED holds the bank's answer to its own installation's key
            assertSucceededUnder(db, key, firstId + "-" + key);
            assertSucceededUnder(other, key, secondId + "-" + key);
        }
    }

    /** The hazard this prefix removes, shown on the same setup with the core engine's empty prefix. */
    @DatabaseTest(dialects = dev.autotransfer.jdbc.api.Dialect.H2)
    void without_a_prefix_the_second_installation_would_record_a_transfer_the_bank_never_ran(TestDatabase db) {
        try (TestDatabase other = installed(db)) {
            register(db);
            register(other);

            run(db, this::engineWithoutPrefix);
            RunReport secondRun = run(other, this::engineWithoutPrefix);

            assertThat(secondRun.succeeded()).as("recorded SUCCEEDED").isEqualTo(1);
            assertThat(bank.executedDebits()).as("but executed once, for the first installation").hasSize(1);
        }
    }

    @DatabaseTest(dialects = dev.autotransfer.jdbc.api.Dialect.H2)
    void an_explicit_prefix_is_used_and_an_explicitly_empty_one_is_refused(TestDatabase db) {
        Schedule s = register(db);

        RunReport report = run(db, (database, banks) -> AutoTransferDatabase.of(database.appPool(8)).engine(banks)
                .timeSource(TimeSource.of(clock))
                .config(EngineFixture.testConfig().keyPrefix("stg-").build())
                .nodeId("explicit").build());

        assertThat(report.succeeded()).isEqualTo(1);
        assertThat(bank.executedDebits()).extracting(ExecutedDebit::idempotencyKey)
                .containsExactly("stg-" + s.id() + ":" + EngineFixture.TODAY + ":1");
        AutoTransferEngine.Builder empty = AutoTransferDatabase.of(db.appPool(8)).engine(banks())
                .config(EngineFixture.testConfig().keyPrefix("").build());
        assertThatThrownBy(empty::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keyPrefix was set to '' (empty)")
                .hasMessageContaining(AutoTransferDatabase.of(db.appDataSource()).installationId() + "-");
    }

    /** A person reads the key the bank knows; a requeue's new attempt is sent with the prefix too. */
    @DatabaseTest
    void dead_letters_and_stories_show_the_key_sent_to_the_bank_and_a_requeue_keeps_the_prefix(TestDatabase db) {
        AccountRef unfunded = AccountRef.of("BANK_A", "110-0000-0002");
        bank.openAccount(unfunded, Money.krw(0));
        Schedule s = register(db, unfunded);
        String prefix = AutoTransferDatabase.of(db.appDataSource()).installationId() + "-";
        String first = s.id() + ":" + EngineFixture.TODAY + ":1";
        BiFunction<TestDatabase, BankDirectory, AutoTransferEngine> oneTry = (database, banks) -> AutoTransferDatabase
                .of(database.appPool(8)).engine(banks)
                .timeSource(TimeSource.of(clock))
                .config(EngineFixture.testConfig().retryLimit(Priority.P1, 1).build())
                .nodeId("one-try").build();
        run(db, oneTry);
        JdbcDeadLetterClient client = JdbcDeadLetterClient.builder(db.appPool(8)).dialect(db.dialect()).clock(clock)
                .build();

        DeadLetter entry = client.list(DeadLetterQuery.all(10)).get(0);
        DeadLetterInspection inspection = client.inspect(entry.id());

        assertThat(entry.kind()).isEqualTo(DeadLetter.Kind.EXHAUSTED);
        assertThat(entry.idempotencyKey()).isEqualTo(prefix + first);
        assertThat(entry.key().format()).isEqualTo(first);
        assertThat(inspection.story().attempts()).extracting(OccurrenceStory.Attempt::key)
                .containsExactly(prefix + first);
        assertThat(inspection.story().deadLetters()).extracting(OccurrenceStory.DeadLetter::key)
                .containsExactly(prefix + first);
        assertThat(inspection.requeueRefusal()).isNull();

        bank.deposit(unfunded, Money.krw(1_000_000));
        client.requeue(entry.id(), entry.version(), AuditContext.of("ops@desk", "198.51.100.20"));
        clock.advance(Duration.ofMinutes(1));
        RunReport report = run(db, oneTry);

        assertThat(report.succeeded()).isEqualTo(1);
        assertThat(bank.executedDebits()).extracting(ExecutedDebit::idempotencyKey)
                .containsExactly(prefix + s.id() + ":" + EngineFixture.TODAY + ":2");
    }

    private static TestDatabase installed(TestDatabase db) {
        TestDatabase other = TestDatabase.create(db.dialect(), DatabaseServers.baseUrl(db.dialect()));
        other.installSchema();
        return other;
    }

    private Schedule register(TestDatabase db) {
        return register(db, SOURCE);
    }

    private Schedule register(TestDatabase db, AccountRef source) {
        return AutoTransferDatabase.builder(db.appPool(8)).dialect(db.dialect()).clock(clock).build().schedules()
                .create(ScheduleSpec.builder()
                        .clientReference("rent")
                        .source(source)
                        .destination(DESTINATION)
                        .amount(Money.krw(1_000))
                        .memo("rent")
                        .recurrence(Recurrence.monthly(EngineFixture.TODAY, 25))
                        .build(), EngineFixture.CREATOR);
    }

    private RunReport run(TestDatabase db, BiFunction<TestDatabase, BankDirectory, AutoTransferEngine> engines) {
        try (AutoTransferEngine engine = engines.apply(db, banks())) {
            return engine.runOnce();
        }
    }

    private BankDirectory banks() {
        return BankDirectory.of(Map.of("BANK_A", bank.client("BANK_A")));
    }

    private AutoTransferEngine jdbcEngine(TestDatabase db, BankDirectory banks) {
        return AutoTransferDatabase.of(db.appPool(8)).engine(banks)
                .timeSource(TimeSource.of(clock))
                .config(EngineFixture.testConfig().build())
                .nodeId("node-" + db.name())
                .build();
    }

    private AutoTransferEngine engineWithoutPrefix(TestDatabase db, BankDirectory banks) {
        return AutoTransferEngine.builder(withoutInstallationPrefix(
                                JdbcTransferStore.builder(db.appPool(8)).dialect(db.dialect()).build()),
                        JdbcRunStore.builder(db.appPool(8)).build(), banks)
                .timeSource(TimeSource.of(clock))
                .config(EngineFixture.testConfig().build())
                .nodeId("node-" + db.name())
                .build();
    }

    /** The store as one that offers no installation prefix, as a store of another kind might. */
    private static dev.autotransfer.spi.TransferStore withoutInstallationPrefix(dev.autotransfer.spi.TransferStore store) {
        return (dev.autotransfer.spi.TransferStore) java.lang.reflect.Proxy.newProxyInstance(
                InstallationKeyPrefixTest.class.getClassLoader(), new Class<?>[] {dev.autotransfer.spi.TransferStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("installationKeyPrefix")) {
                        return java.util.Optional.empty();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** STARTED holds the key sent to the bank; the other rows the key without the prefix. */
    private void assertSucceededUnder(TestDatabase db, String key, String sentKey) {
        List<String> rows = db.appJdbi().withHandle(h -> h.createQuery(
                        "SELECT event_type, idempotency_key FROM at_history ORDER BY seq")
                .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2)).list());
        assertThat(rows).containsExactly("STARTED " + sentKey, "SUCCEEDED " + key);
        String externalId = db.appJdbi().withHandle(h -> h.createQuery(
                        "SELECT external_transaction_id FROM at_history WHERE event_type = 'SUCCEEDED'")
                .mapTo(String.class).one());
        ExecutedDebit debit = bank.executedDebits().stream().filter(d -> d.idempotencyKey().equals(sentKey))
                .findFirst().orElseThrow();
        assertThat(externalId).isEqualTo(debit.externalTransactionId());
    }
}
