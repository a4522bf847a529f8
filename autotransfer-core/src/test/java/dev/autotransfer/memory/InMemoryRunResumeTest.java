package dev.autotransfer.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.Recording;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A resume of a stopped run makes the work parked for the stop claimable at once, in memory as in JDBC. */
class InMemoryRunResumeTest {

    private static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");

    @Test
    void a_resume_wakes_the_work_parked_for_the_stop_and_leaves_other_waits_alone() {
        InMemoryTransferStore transfers = InMemoryTransferStore.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
        InMemoryRunStore runs = InMemoryRunStore.create(transfers);
        register(transfers, "parked-for-stop", 1);
        register(transfers, "backing-off", 2);
        List<ClaimedWorkItem> items = transfers.claim("BANK_A", Priority.P1, 10, "node-a", NOW, Duration.ofMinutes(1));
        Instant later = NOW.plus(Duration.ofHours(1));
        transfers.record(List.of(new Recording(items.get(0), List.of(), FollowUp.retryAt(later, "RUN_STOPPED")),
                new Recording(items.get(1), List.of(), FollowUp.retryAt(later, "BACKOFF"))), "node-a", NOW);
        long run = runs.join(LocalDate.of(2026, 11, 25), "node-a", NOW).runId();
        runs.stop(run, "failure rate", NOW);

        Instant resumedAt = NOW.plusSeconds(10);
        assertThat(runs.resume(run, resumedAt)).isTrue();

        assertThat(transfers.claim("BANK_A", Priority.P1, 10, "node-a", resumedAt, Duration.ofMinutes(1)))
                .extracting(ClaimedWorkItem::id).containsExactly(items.get(0).id());
    }

    private static void register(InMemoryTransferStore transfers, String reference, int n) {
        transfers.schedules().create(ScheduleSpec.builder()
                .clientReference(reference)
                .source(AccountRef.of("BANK_A", "110-0000-000" + n))
                .destination(AccountRef.of("OTHER", "990-0000-000" + n))
                .amount(Money.krw(1_000))
                .memo(reference)
                .priority(Priority.P1)
                .recurrence(Recurrence.monthly(LocalDate.of(2026, 11, 25), 25))
                .build());
    }
}
