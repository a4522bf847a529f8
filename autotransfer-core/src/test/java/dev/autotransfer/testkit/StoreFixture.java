package dev.autotransfer.testkit;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore;
import dev.autotransfer.spi.TransferStore.Advance;
import dev.autotransfer.spi.TransferStore.ClaimedOccurrence;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.NewWorkItem;
import dev.autotransfer.spi.TransferStore.OpenResult;
import dev.autotransfer.spi.TransferStore.Opening;
import dev.autotransfer.spi.TransferStore.RecordResult;
import dev.autotransfer.spi.TransferStore.Recording;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Schedules, claims and writes for the store contract, through the SPIs alone: monthly schedules on
 * the 25th from 2026-11-25 paid from bank {@value #BANK} at P1, and helpers that build openings and
 * recordings the way the engine does. Dates stay within the months a JDBC test database has history
 * partitions for. Not thread-safe apart from the stores it calls.
 */
final class StoreFixture {

    static final String BANK = "BANK_A";
    static final LocalDate FIRST = LocalDate.of(2026, 11, 25);
    static final LocalDate SECOND = LocalDate.of(2026, 12, 25);
    /** After the first occurrence's execution date began (in Seoul). */
    static final Instant DUE = Instant.parse("2026-11-25T01:00:00Z");
    /** Before the first occurrence's execution date began (in Seoul). */
    static final Instant EARLY = Instant.parse("2026-11-24T14:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(1);
    /** Past every lease the tests take: what still exists is claimable by then. */
    static final Instant LATER = DUE.plus(Duration.ofDays(1));
    /** After the second occurrence's execution date began. */
    static final Instant SECOND_DUE = Instant.parse("2026-12-25T01:00:00Z");

    final TransferStore store;
    final ScheduleCreator schedules;
    private int accounts;

    StoreFixture(TransferStore store, ScheduleCreator schedules) {
        this.store = store;
        this.schedules = schedules;
    }

    ScheduleSpec spec(String reference) {
        int n = ++accounts;
        return ScheduleSpec.builder()
                .clientReference(reference)
                .source(AccountRef.of(BANK, String.format("110-0000-%04d", n)))
                .destination(AccountRef.of("OTHER", String.format("990-0000-%04d", n)))
                .amount(Money.krw(10_000 + n))
                .memo("contract " + reference)
                .priority(Priority.P1)
                .recurrence(Recurrence.monthly(FIRST, 25))
                .build();
    }

    Schedule monthly(String reference) {
        return schedules.create(spec(reference));
    }

    List<Schedule> monthly(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> monthly("contract-" + i)).toList();
    }

    List<ClaimedWorkItem> claim(String node, Instant now) {
        return store.claim(BANK, Priority.P1, 100, node, now, LEASE);
    }

    ClaimedWorkItem claimOne(String node, Instant now) {
        List<ClaimedWorkItem> items = claim(node, now);
        if (items.size() != 1) {
            throw new AssertionError("expected one claimable work item at " + now + ", claimed " + items);
        }
        return items.get(0);
    }

    ClaimedOccurrence load(ClaimedWorkItem item) {
        return store.load(List.of(item)).get(0);
    }

    OccurrenceHistory history(ClaimedWorkItem item) {
        return load(item).history();
    }

    Schedule schedule(long id) {
        return schedules.find(id).orElseThrow();
    }

    /** Work items left in the store, leased or not. */
    long workItems() {
        return store.countDue(LATER.plus(Duration.ofDays(60)));
    }

    static TransferRequest request(AttemptKey key, Instant at) {
        return new TransferRequest("ct-" + key.format(), AccountRef.of(BANK, "110-0000-0001"),
                AccountRef.of("OTHER", "990-0000-0001"), Money.krw(10_001), "contract", at);
    }

    static NewEvent started(AttemptKey key, Instant at) {
        return new NewEvent(key, EventType.STARTED, at, request(key, at), null, null, null);
    }

    static NewEvent event(AttemptKey key, EventType type, Instant at) {
        return switch (type) {
            case STARTED -> started(key, at);
            case SUCCEEDED -> new NewEvent(key, type, at, null, "bank-tx-" + key.attempt(), null, null);
            case FAILED -> NewEvent.of(key, type, at, "INSUFFICIENT_FUNDS", "refused");
            default -> NewEvent.of(key, type, at, null, null);
        };
    }

    /** An opening of {@code type} at attempt {@code attempt}, fenced by what was loaded. */
    Opening opening(ClaimedWorkItem item, EventType type, int attempt, FollowUp followUp) {
        ClaimedOccurrence loaded = load(item);
        return new Opening(item, loaded.schedule().status(), loaded.schedule().version(),
                event(item.occurrence().attempt(attempt), type, DUE), followUp);
    }

    Opening started(ClaimedWorkItem item, int attempt) {
        return opening(item, EventType.STARTED, attempt, FollowUp.keep());
    }

    OpenResult open(Opening opening) {
        return store.open(List.of(opening), "node-a", DUE).get(0);
    }

    RecordResult record(ClaimedWorkItem item, FollowUp followUp, NewEvent... events) {
        return store.record(List.of(new Recording(item, List.of(events), followUp)), "node-a", DUE).get(0);
    }

    /** The first occurrence succeeded: its item goes, the schedule moves on to the second with its item. */
    static FollowUp succeededAndAdvanced(Occurrence first, Instant executedAt) {
        Occurrence second = new Occurrence(first.scheduleId(), SECOND);
        return FollowUp.done().withAdvance(new Advance(first.nominalDate(), SECOND, executedAt,
                List.of(new NewWorkItem(second, BANK, Priority.P1, "CURRENT", Instant.parse("2026-12-24T15:00:00Z"))),
                List.of()));
    }

    long count(ClaimedWorkItem item, EventType type) {
        return history(item).events().stream().filter(e -> e.type() == type).count();
    }
}
