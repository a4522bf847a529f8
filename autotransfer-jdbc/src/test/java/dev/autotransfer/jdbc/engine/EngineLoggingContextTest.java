package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * The logging context: while the engine works an occurrence, the MDC names the run and the schedule,
 * so every log line and every listener hook of that work can be traced to them.
 */
class EngineLoggingContextTest {

    private static MDCAdapter providersAdapter;

    /**
     * slf4j-simple (the test binding) ships a no-op MDC adapter, under which {@code MDC.get} always
     * answers null; a real one is put in for this class only (MDC.setMDCAdapter is package-private).
     */
    @BeforeAll
    static void useARealMdcAdapter() throws ReflectiveOperationException {
        providersAdapter = MDC.getMDCAdapter();
        setMdcAdapter(new BasicMDCAdapter());
    }

    @AfterAll
    static void restoreTheProvidersMdcAdapter() throws ReflectiveOperationException {
        setMdcAdapter(providersAdapter);
    }

    private static void setMdcAdapter(MDCAdapter adapter) throws ReflectiveOperationException {
        Method set = MDC.class.getDeclaredMethod("setMDCAdapter", MDCAdapter.class);
        set.setAccessible(true);
        set.invoke(null, adapter);
    }

    /** What one hook saw: its name, the schedule it was about, and the MDC at that moment. */
    record Seen(String hook, Long scheduleId, String mdcRunId, String mdcScheduleId) {
    }

    @DatabaseTest
    void hooks_called_while_an_occurrence_is_worked_see_its_run_and_schedule_in_the_mdc(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            Schedule lost = f.monthly("mdc-lost", "BANK_A", 1_000);
            Schedule paid = f.monthly("mdc-paid", "BANK_A", 2_000);
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.TIMEOUT_BEFORE_EXECUTING);
            List<Seen> seen = new CopyOnWriteArrayList<>();
            EngineListener listener = new EngineListener() {
                @Override
                public void claimed(String bankCode, Priority priority, int count) {
                    seen.add(seen("claimed", null));
                }

                @Override
                public void attemptStarted(AttemptKey key, TransferRequest request) {
                    seen.add(seen("attemptStarted", key));
                }

                @Override
                public void inquired(AttemptKey key, String answer) {
                    seen.add(seen("inquired", key));
                }

                @Override
                public void resending(AttemptKey key) {
                    seen.add(seen("resending", key));
                }

                @Override
                public void recorded(AttemptKey key, EventType type, String code) {
                    seen.add(seen("recorded " + type, key));
                }
            };
            AutoTransferEngine engine = f.engine("node-1", c -> { }, w -> w.listener(listener));

            RunReport first = engine.runOnce();
            f.clock.advance(Duration.ofSeconds(30));
            RunReport second = engine.runOnce();

            assertThat(f.debits(lost.id(), TODAY)).hasSize(1);
            assertThat(f.debits(paid.id(), TODAY)).hasSize(1);
            assertThat(second.runId()).isEqualTo(first.runId());
            String runId = Long.toString(first.runId());
            assertThat(seen).extracting(Seen::hook).containsExactlyInAnyOrder("claimed", "attemptStarted",
                    "attemptStarted", "recorded UNKNOWN", "recorded SUCCEEDED", "claimed", "inquired", "resending",
                    "recorded SUCCEEDED");
            assertThat(seen).filteredOn(s -> s.scheduleId() != null).allSatisfy(s -> {
                assertThat(s.mdcRunId()).as("runId in %s", s.hook()).isEqualTo(runId);
                assertThat(s.mdcScheduleId()).as("scheduleId in %s", s.hook()).isEqualTo(s.scheduleId().toString());
            });
            // nothing of the previous chunk's schedules stays behind on the worker thread
            assertThat(seen).filteredOn(s -> s.hook().equals("claimed"))
                    .allSatisfy(s -> assertThat(s.mdcScheduleId()).isNull());
        }
    }

    private static Seen seen(String hook, AttemptKey key) {
        return new Seen(hook, key == null ? null : key.scheduleId(), MDC.get("runId"), MDC.get("scheduleId"));
    }
}
