package dev.autotransfer.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;

/**
 * The warning at the start of a run that its size and a bank's quota mean it cannot finish within
 * the run's maximum duration: raised once per run by each node that starts it, naming the bank.
 */
class EngineRunSizeAlarmTest {

    @DatabaseTest
    void a_run_too_large_for_a_banks_quota_is_warned_once_when_the_node_starts_it(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            f.bank.configure("BANK_A", SimulatedBankConfig.custom().requestsPerSecond(2).build());
            for (int i = 0; i < 30; i++) {
                f.monthly("big-" + i, "BANK_A", 1_000 + i);
            }
            for (int i = 0; i < 50; i++) {
                f.monthly("fast-" + i, "BANK_B", 1_000 + i);
            }
            AutoTransferEngine engine = f.engine("node-1", c -> c.runMaxDuration(Duration.ofSeconds(10)));

            engine.runOnce();
            engine.runOnce();

            assertThat(f.alarms).filteredOn(a -> a.kind() == Alarm.Kind.RUN_CANNOT_FINISH_IN_TIME).singleElement()
                    .satisfies(a -> {
                        assertThat(a.bankCode()).isEqualTo("BANK_A");
                        assertThat(a.at()).isEqualTo(EngineFixture.START);
                        assertThat(a.detail()).contains("30 work items due at bank BANK_A take 15 s at its quota of 2"
                                + " requests/s", "maximum duration of 10 s");
                    });
            assertThat(f.bank.executedDebits()).as("a warning, not a stop").isNotEmpty();
        }
    }

    @DatabaseTest
    void a_run_that_fits_its_maximum_duration_raises_no_warning(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            f.bank.configure("BANK_A", SimulatedBankConfig.custom().requestsPerSecond(2).build());
            for (int i = 0; i < 30; i++) {
                f.monthly("fits-" + i, "BANK_A", 1_000 + i);
            }
            AutoTransferEngine engine = f.engine("node-1", c -> c.runMaxDuration(Duration.ofSeconds(15)));

            engine.runOnce();

            assertThat(f.alarmKinds()).doesNotContain(Alarm.Kind.RUN_CANNOT_FINISH_IN_TIME);
            assertThat(f.bank.executedDebits()).isNotEmpty();
        }
    }
}
