package dev.autotransfer.examples;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.ScheduleClient;
import dev.autotransfer.domain.BusinessDayRule;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The day's batch of standing orders: {@code count} monthly transfers starting today, spread round robin
 * over the {@link BatchBanks}, their source accounts opened in the simulation (one in 25 at
 * {@link BatchBanks#SHORT_FUNDS} holding less than its transfer). Client references name the date and
 * the index, so a second run on the same day finds the schedules instead of creating them again.
 *
 * <p>Not thread-safe; use from one thread.
 */
final class BatchSchedules {

    /** One schedule of the batch and the bank it debits. */
    record Entry(long scheduleId, String bank) {
    }

    /** What registration did: the batch's schedules in index order, and how many were new. */
    record Registration(List<Entry> entries, int created) {
        int found() {
            return entries.size() - created;
        }

        Map<Long, String> bankBySchedule() {
            Map<Long, String> map = new LinkedHashMap<>();
            entries.forEach(e -> map.put(e.scheduleId(), e.bank()));
            return map;
        }

        /** The schedules whose occurrence of today has not ended yet: all new ones, and found ones still open. */
        Map<Long, String> open(ScheduleClient client, LocalDate today) {
            Map<Long, String> open = bankBySchedule();
            if (found() > 0) {
                open.keySet().removeIf(id -> OccurrenceOutcome.of(client.story(id, today)).finished());
            }
            return open;
        }
    }

    private static final String[] MEMOS = {"rent", "savings installment", "phone bill", "allowance", "insurance"};
    private static final AuditContext WHO = AuditContext.of("payservice-example");

    private final LocalDate today;
    private final int count;

    BatchSchedules(LocalDate today, int count) {
        this.today = today;
        this.count = count;
    }

    Registration register(ScheduleClient client, BatchBanks banks) {
        List<Entry> entries = new ArrayList<>(count);
        int created = 0;
        for (int i = 0; i < count; i++) {
            ScheduleSpec spec = spec(i);
            boolean known = client.findByClientReference(spec.clientReference()).isPresent();
            Schedule schedule = client.create(spec, WHO);
            created += known ? 0 : 1;
            long amount = spec.amount().minorUnits();
            boolean shortOfFunds = spec.source().bankCode().equals(BatchBanks.SHORT_FUNDS) && i % 25 == 1;
            banks.openAccount(spec.source(), Money.krw(shortOfFunds ? amount / 2 : 10_000_000));
            entries.add(new Entry(schedule.id(), spec.source().bankCode()));
        }
        return new Registration(List.copyOf(entries), created);
    }

    ScheduleSpec spec(int i) {
        String bank = BatchBanks.CODES.get(i % BatchBanks.CODES.size());
        return ScheduleSpec.builder()
                .clientReference(String.format("batch-%s-%05d", today, i))
                .source(AccountRef.of(bank, String.format("110-%03d-%06d", i % 1000, i)))
                .destination(AccountRef.of("PAYEE", String.format("990-%03d-%06d", (i * 7) % 1000, i)))
                .amount(Money.krw(10_000 + (i * 7_919L) % 490_000 / 100 * 100))
                .memo(MEMOS[i % MEMOS.length])
                .priority(i % 10 == 0 ? Priority.P0 : i % 10 >= 7 ? Priority.P2 : Priority.P1)
                // monthly from today on today's day; NONE so the batch runs whatever day it is started
                .recurrence(Recurrence.monthly(today, today.getDayOfMonth()))
                .businessDayRule(BusinessDayRule.NONE)
                .build();
    }
}
