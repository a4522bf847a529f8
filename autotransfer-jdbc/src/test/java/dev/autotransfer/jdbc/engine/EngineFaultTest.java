package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;

/**
 * Database faults under the engine, each checked against the simulated bank's own record: commits
 * whose answer is lost ("maybe committed") and a row lock that outlasts the lock timeout.
 */
class EngineFaultTest {

    private static final LocalDate DECEMBER = LocalDate.of(2026, 12, 25);

    @DatabaseTest
    void a_lost_commit_of_the_started_rows_sends_nothing_until_a_fresh_read_finds_them_committed(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = monthly(f, "lost-open", 5);
            FlakyDataSource flaky = new FlakyDataSource(db.appPool(40), db.dialect());
            Hooks hooks = new Hooks();
            // the first commit is the one that claims the chunk and writes its STARTED rows
            flaky.loseNextCommits(1, true);
            AutoTransferEngine engine = f.engine("node-1", c -> c.bankTimeLimit(Duration.ofSeconds(2)),
                    w -> w.store(f.transfersOn(flaky)).listener(hooks).verifyStartedBeforeCalls());

            RunReport report = engine.runOnce();

            assertThat(flaky.lostCommits()).isEqualTo(1);
            // the rows were written, but the engine could not know: it called nothing on that answer,
            // released the claim, read again and re-sent each open attempt under its own key
            assertThat(hooks.started).isEmpty();
            assertThat(hooks.fenced).isEmpty();
            assertThat(report.started()).isZero();
            assertThat(report.resent()).isEqualTo(5);
            assertThat(f.callsWithoutCommittedStarted()).isEmpty();
            for (Schedule s : created) {
                String key = f.key(s.id(), TODAY, 1);
                assertThat(f.bank.requestsReceived(key)).as("calls for %s", key).isEqualTo(1);
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
                assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "SUCCEEDED 1");
                assertThat(f.nextDueDate(s.id())).isEqualTo(DECEMBER);
            }
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }

    @DatabaseTest
    void a_commit_of_the_started_rows_that_never_arrived_is_written_again_before_any_call(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = monthly(f, "unsent-open", 5);
            FlakyDataSource flaky = new FlakyDataSource(db.appPool(40), db.dialect());
            Hooks hooks = new Hooks();
            flaky.loseNextCommits(1, false);
            AutoTransferEngine engine = f.engine("node-1", c -> c.bankTimeLimit(Duration.ofSeconds(2)),
                    w -> w.store(f.transfersOn(flaky)).listener(hooks).verifyStartedBeforeCalls());

            RunReport report = engine.runOnce();

            assertThat(flaky.lostCommits()).isEqualTo(1);
            assertThat(report.started()).isEqualTo(5);
            assertThat(f.callsWithoutCommittedStarted()).as("every call found its STARTED committed").isEmpty();
            for (Schedule s : created) {
                assertThat(f.bank.requestsReceived(f.key(s.id(), TODAY, 1))).isEqualTo(1);
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
                assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "SUCCEEDED 1");
            }
        }
    }

    @DatabaseTest
    void a_lost_commit_of_a_lone_started_row_is_re_read_instead_of_waiting_for_the_lease(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule s = monthly(f, "lost-lone", 1).get(0);
            FlakyDataSource flaky = new FlakyDataSource(db.appPool(40), db.dialect());
            Hooks hooks = new Hooks();
            flaky.loseNextCommits(1, true);
            AutoTransferEngine engine = f.engine("node-1", c -> { },
                    w -> w.store(f.transfersOn(flaky)).listener(hooks));

            engine.runOnce();

            assertThat(flaky.lostCommits()).isEqualTo(1);
            // the store re-read what the lost commit wrote: no false alarm, no lease to wait out
            assertThat(f.alarmKinds()).doesNotContain(Alarm.Kind.STORE_FAILURE);
            assertThat(f.bank.requestsReceived(f.key(s.id(), TODAY, 1))).isEqualTo(1);
            assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            assertThat(f.eventsWithAttempts(s.id(), TODAY)).containsExactly("STARTED 1", "SUCCEEDED 1");
        }
    }

    @DatabaseTest
    void a_lost_commit_of_the_outcomes_records_each_outcome_once_and_debits_once(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = monthly(f, "lost-record", 5);
            Schedule executedUnknown = created.get(0);
            Schedule lostUnknown = created.get(1);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.TIMEOUT_AFTER_EXECUTING,
                    ScriptedFault.TIMEOUT_BEFORE_EXECUTING);
            FlakyDataSource flaky = new FlakyDataSource(db.appPool(40), db.dialect());
            Hooks hooks = new Hooks();
            // after the STARTED rows committed and before the outcomes are recorded
            hooks.onFirstStart = () -> flaky.loseNextCommits(1, true);
            AutoTransferEngine engine = f.engine("node-1", c -> { },
                    w -> w.store(f.transfersOn(flaky)).listener(hooks));

            engine.runOnce();

            assertThat(flaky.lostCommits()).isEqualTo(1);
            for (Schedule s : created.subList(2, 5)) {
                assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
                assertThat(f.nextDueDate(s.id())).isEqualTo(DECEMBER);
            }
            // written by the lost commit and once more by the store's re-write: UNKNOWN may repeat
            assertThat(f.events(executedUnknown.id(), TODAY)).startsWith("STARTED", "UNKNOWN")
                    .containsOnly("STARTED", "UNKNOWN");
            assertThat(f.events(lostUnknown.id(), TODAY)).startsWith("STARTED", "UNKNOWN")
                    .containsOnly("STARTED", "UNKNOWN");
            assertThat(f.alarmKinds()).doesNotContain(Alarm.Kind.STORE_FAILURE);
            assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE nominal_date = DATE '2026-12-25'"))
                    .as("one work item per next occurrence").isEqualTo(3);

            f.clock.advance(Duration.ofSeconds(30));
            RunReport later = engine.runOnce();

            assertThat(later.inquired()).isEqualTo(2);
            for (Schedule s : created) {
                assertThat(f.events(s.id(), TODAY)).as("schedule %d", s.id()).endsWith("SUCCEEDED")
                        .filteredOn("SUCCEEDED"::equals).hasSize(1);
                assertThat(f.debits(s.id(), TODAY)).as("schedule %d", s.id()).hasSize(1);
                assertThat(f.nextDueDate(s.id())).isEqualTo(DECEMBER);
            }
            assertThat(f.bank.requestsReceived(f.key(executedUnknown.id(), TODAY, 1)))
                    .as("found by inquiry, not re-sent").isEqualTo(1);
            assertThat(f.bank.requestsReceived(f.key(lostUnknown.id(), TODAY, 1)))
                    .as("not found, re-sent under the same key").isEqualTo(2);
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
            assertThat(f.bank.executedDebits()).hasSize(5);
        }
    }

    @DatabaseTest
    void a_row_locked_past_the_lock_timeout_fails_alone_and_completes_after_its_lease(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> created = monthly(f, "locked", 5);
            Schedule locked = created.get(2);
            FlakyDataSource flaky = new FlakyDataSource(db.appPool(40), db.dialect());
            flaky.lockTimeout(Duration.ofMillis(300));
            AutoTransferEngine engine = f.engine("node-1", c -> { }, w -> w.store(f.transfersOn(flaky)));

            try (Handle holder = db.jdbi().open()) {
                holder.begin();
                holder.createQuery("SELECT id FROM at_schedule WHERE id = :id FOR UPDATE")
                        .bind("id", locked.id()).mapTo(Long.class).one();

                engine.runOnce();

                holder.rollback();
            }

            for (Schedule s : created) {
                if (s != locked) {
                    assertThat(f.debits(s.id(), TODAY)).hasSize(1);
                    assertThat(f.events(s.id(), TODAY)).containsExactly("STARTED", "SUCCEEDED");
                }
            }
            assertThat(f.events(locked.id(), TODAY)).isEmpty();
            assertThat(f.bank.requestsReceived(f.key(locked.id(), TODAY, 1))).isZero();
            assertThat(f.alarms).anySatisfy(a -> {
                assertThat(a.kind()).isEqualTo(Alarm.Kind.STORE_FAILURE);
                assertThat(a.occurrence()).isEqualTo(new Occurrence(locked.id(), TODAY));
            });
            assertThat(engine.runOnce().claimed()).as("leased until its lease expires").isZero();

            f.clock.advance(Duration.ofSeconds(61));
            engine.runOnce();

            assertThat(f.debits(locked.id(), TODAY)).hasSize(1);
            assertThat(f.eventsWithAttempts(locked.id(), TODAY)).containsExactly("STARTED 1", "SUCCEEDED 1");
            assertThat(f.nextDueDate(locked.id())).isEqualTo(DECEMBER);
            assertThat(f.bank.executedDebits()).hasSize(5);
            assertThat(f.bank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }

    private static List<Schedule> monthly(EngineFixture f, String prefix, int n) {
        List<Schedule> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // P0 at BANK_A: the engine's first claim is theirs, so the first commit is the one that opens them
            created.add(f.create(f.spec(prefix + "-" + i, "BANK_A", 1_000 + i).priority(Priority.P0)
                    .recurrence(dev.autotransfer.domain.Recurrence.monthly(TODAY, 25)).build()));
        }
        return created;
    }

    /** Records the hooks the tests look at and runs an action at the first claim or the first start. */
    private static final class Hooks implements EngineListener {
        final List<AttemptKey> started = new CopyOnWriteArrayList<>();
        final List<String> fenced = new CopyOnWriteArrayList<>();
        volatile Runnable onFirstClaim = () -> { };
        volatile Runnable onFirstStart = () -> { };
        private final AtomicBoolean claimedOnce = new AtomicBoolean();
        private final AtomicBoolean startedOnce = new AtomicBoolean();

        @Override
        public void claimed(String bankCode, Priority priority, int count) {
            if (claimedOnce.compareAndSet(false, true)) {
                onFirstClaim.run();
            }
        }

        @Override
        public void attemptStarted(AttemptKey key, TransferRequest request) {
            started.add(key);
            if (startedOnce.compareAndSet(false, true)) {
                onFirstStart.run();
            }
        }

        @Override
        public void fenced(Occurrence occurrence, String why) {
            fenced.add(why);
        }
    }
}
