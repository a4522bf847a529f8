package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AlarmRecorder;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.jdbc.AutoTransferDatabase;
import dev.autotransfer.jdbc.JdbcAlarmStore;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.AlarmStore.StoredAlarm;
import dev.autotransfer.spi.RunStore.RunView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Alarms the engine raises are persisted in at_alarm through the AlarmRecorder, next to the run. */
class AlarmRecordingTest {

    @DatabaseTest
    void the_engines_alarms_are_recorded_with_node_run_and_occurrence(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            JdbcAlarmStore store = JdbcAlarmStore.builder(db.appPool(40)).dialect(db.dialect()).build();
            Schedule s = f.monthly("alarm-dead", "BANK_B", 1_000);
            f.bank.closeAccount(s.spec().source());
            List<Alarm> seen = new CopyOnWriteArrayList<>();
            Map<String, BankClient> clients = new TreeMap<>();
            EngineFixture.BANKS.forEach(code -> clients.put(code, f.bank.client(code)));
            try (AlarmRecorder recorder = AlarmRecorder.create(store, "node-a")) {
                try (AutoTransferEngine engine = AutoTransferEngine.builder(f.transfers, f.runs, BankDirectory.of(clients))
                        .timeSource(TimeSource.of(f.clock))
                        .config(EngineFixture.testConfig().build())
                        .nodeId("node-a")
                        .listener(EngineListener.both(recorder, new EngineListener() {
                            @Override
                            public void alarm(Alarm alarm) {
                                seen.add(alarm);
                            }
                        }))
                        .build()) {
                    engine.runOnce();
                }
            }

            RunView run = f.runs.find(TODAY).orElseThrow();
            assertThat(run.nodes()).extracting(n -> n.nodeId()).contains("node-a");
            List<StoredAlarm> stored = store.list(EngineFixture.START.minusSeconds(1), 100);
            assertThat(stored).hasSameSizeAs(seen);
            assertThat(stored).anySatisfy(a -> {
                assertThat(a.alarm().kind()).isEqualTo(Alarm.Kind.DEAD_LETTERED);
                assertThat(a.alarm().occurrence()).isEqualTo(new Occurrence(s.id(), TODAY));
                assertThat(a.alarm().bankCode()).isEqualTo("BANK_B");
                assertThat(a.alarm().at()).isEqualTo(f.clock.instant());
                assertThat(a.nodeId()).isEqualTo("node-a");
                assertThat(a.runId()).isEqualTo(run.id());
            });
        }
    }

    @DatabaseTest
    void an_engine_from_the_database_entry_point_records_its_alarms_with_no_recorder_wired(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            AutoTransferDatabase database = AutoTransferDatabase.of(db.appPool(40));
            Schedule s = f.monthly("alarm-default", "BANK_A", 1_000);
            f.bank.closeAccount(s.spec().source());
            Map<String, BankClient> clients = new TreeMap<>();
            EngineFixture.BANKS.forEach(code -> clients.put(code, f.bank.client(code)));
            try (AutoTransferEngine engine = database.engine(BankDirectory.of(clients))
                    .timeSource(TimeSource.of(f.clock))
                    .config(EngineFixture.testConfig().build())
                    .nodeId("node-d")
                    .build()) {
                engine.runOnce();
            }

            // close() drained the engine's recorder: the alarm is in the table now
            RunView run = f.runs.find(TODAY).orElseThrow();
            assertThat(database.alarms().list(EngineFixture.START.minusSeconds(1), 100)).anySatisfy(a -> {
                assertThat(a.alarm().kind()).isEqualTo(Alarm.Kind.DEAD_LETTERED);
                assertThat(a.alarm().occurrence()).isEqualTo(new Occurrence(s.id(), TODAY));
                assertThat(a.nodeId()).isEqualTo("node-d");
                assertThat(a.runId()).isEqualTo(run.id());
            });
        }
    }

    @DatabaseTest
    void an_alarm_round_trips_with_empty_fields_and_a_long_detail_cut_to_500_characters(TestDatabase db) {
        JdbcAlarmStore store = JdbcAlarmStore.builder(db.appDataSource()).dialect(db.dialect()).build();
        Instant at = Instant.parse("2026-11-25T01:02:03.456789Z");
        store.record(new Alarm(Alarm.Kind.CLOCK_SKEW, at, null, null, "x".repeat(700)), null, null);
        store.record(new Alarm(Alarm.Kind.CIRCUIT_OPEN, at.plusSeconds(1), "BANK_A", null, "open"), "n1", 7L);

        List<StoredAlarm> stored = store.list(at, 10);

        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).alarm()).isEqualTo(new Alarm(Alarm.Kind.CIRCUIT_OPEN, at.plusSeconds(1), "BANK_A",
                null, "open"));
        assertThat(stored.get(0).nodeId()).isEqualTo("n1");
        assertThat(stored.get(0).runId()).isEqualTo(7L);
        assertThat(stored.get(1).alarm().detail()).hasSize(500).endsWith("...");
        assertThat(stored.get(1).alarm().at()).isEqualTo(at);
        assertThat(stored.get(1).runId()).isNull();
        assertThat(store.list(at.plusSeconds(1), 10)).hasSize(1);
        assertThat(store.list(at, 1)).hasSize(1);
        assertThatThrownBy(() -> store.list(at, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be 1..1000, was 0");
    }
}
