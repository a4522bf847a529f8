package dev.autotransfer.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.spi.TimeSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snippet of docs/testing.md, kept compiling and passing here. */
class InMemoryQuickStartTest {

    @Test
    void a_standing_order_runs_once_on_the_in_memory_stores() {
        // docs/testing.md: begin
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:30:00Z"));
        InMemoryTransferStore transfers = InMemoryTransferStore.builder().clock(clock).build();
        InMemoryRunStore runs = InMemoryRunStore.create(transfers);
        SimulatedBank bank = new SimulatedBank(42L, clock, Sleeper.none());
        bank.configure("BANK_A", SimulatedBankConfig.custom().build());
        AccountRef payer = AccountRef.of("BANK_A", "110-0000-0001");
        bank.openAccount(payer, Money.krw(1_000_000));

        LocalDate payday = LocalDate.of(2026, 11, 25);
        Schedule rent = transfers.schedules().create(ScheduleSpec.builder()
                .clientReference("rent-2026")
                .source(payer)
                .destination(AccountRef.of("OTHER", "990-0000-0001"))
                .amount(Money.krw(500_000))
                .memo("rent")
                .recurrence(Recurrence.monthly(payday, 25))
                .build());

        try (AutoTransferEngine engine = AutoTransferEngine.builder(transfers, runs,
                        BankDirectory.of(Map.of("BANK_A", bank.client("BANK_A"))))
                .timeSource(TimeSource.of(clock))
                .build()) {
            RunReport report = engine.runOnce();
            assertThat(report.succeeded()).isEqualTo(1);
        }
        assertThat(transfers.history(new Occurrence(rent.id(), payday)).succeeded()).isPresent();
        assertThat(bank.executedDebits()).hasSize(1);
        // docs/testing.md: end
    }
}
