package dev.autotransfer.jdbc.engine;

import static dev.autotransfer.jdbc.engine.EngineFixture.START;
import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;

/**
 * An outcome still unknown after most of the time its key may be re-sent is alarmed once, before it
 * goes to a person at the end of that time; nothing is sent under a new key meanwhile.
 */
class EngineRetentionAlarmTest {

    @DatabaseTest
    void an_unknown_outcome_nearing_the_banks_key_retention_is_alarmed_once_before_it_is_escalated(
            TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db, bank -> bank.keyRetention(Duration.ofHours(1)))) {
            Schedule s = f.monthly("in-progress", "BANK_A", 5_000);
            // the bank queues the request and answers "in progress" to every re-send and inquiry
            f.bank.scriptNextTransfer("BANK_A", ScriptedFault.LATE_ARRIVAL_IN_PROGRESS);
            AutoTransferEngine engine = f.engine("node-1",
                    c -> c.rollout(RolloutPolicy.custom().retentionWarningAt(0.75).build()));

            engine.runOnce();
            for (int minutes = 5; minutes <= 40; minutes += 5) {
                f.clock.advance(Duration.ofMinutes(5));
                engine.runOnce();
            }
            assertThat(f.alarmKinds()).as("40 of about 60 minutes").doesNotContain(Alarm.Kind.UNKNOWN_NEARING_RETENTION);

            for (int minutes = 45; minutes <= 55; minutes += 5) {
                f.clock.advance(Duration.ofMinutes(5));
                engine.runOnce();
            }
            // 75% of the re-send time (the retention less the 10.5 s re-send margin) is 44 min 52 s
            assertThat(f.alarms).filteredOn(a -> a.kind() == Alarm.Kind.UNKNOWN_NEARING_RETENTION).singleElement()
                    .satisfies(a -> {
                        assertThat(a.at()).isEqualTo(START.plus(Duration.ofMinutes(45)));
                        assertThat(a.occurrence().scheduleId()).isEqualTo(s.id());
                        assertThat(a.bankCode()).isEqualTo("BANK_A");
                        assertThat(a.detail()).contains(f.key(s.id(), TODAY, 1), "still unresolved");
                    });
            assertThat(f.alarmKinds()).doesNotContain(Alarm.Kind.UNRESOLVED);

            f.clock.advance(Duration.ofMinutes(5));
            engine.runOnce();

            assertThat(f.alarmKinds()).containsOnlyOnce(Alarm.Kind.UNKNOWN_NEARING_RETENTION)
                    .containsOnlyOnce(Alarm.Kind.UNRESOLVED);
            assertThat(f.alarmKinds().indexOf(Alarm.Kind.UNKNOWN_NEARING_RETENTION))
                    .isLessThan(f.alarmKinds().indexOf(Alarm.Kind.UNRESOLVED));
            assertThat(f.bank.requestsReceived(f.key(s.id(), TODAY, 2))).as("never a new key").isZero();
            assertThat(f.debits(s.id(), TODAY)).isEmpty();
        }
    }
}
