package dev.autotransfer.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.jdbc.internal.HistoryReads;
import dev.autotransfer.jdbc.internal.HistoryWrites;
import dev.autotransfer.jdbc.internal.NewHistoryEvent;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** History written through {@link HistoryWrites} and read back through {@link HistoryReads}. */
class HistoryReadWriteTest {

    private static final Instant AT = TestDatabase.NOW;
    private static final Occurrence NOVEMBER = new Occurrence(42, LocalDate.of(2026, 11, 25));
    private static final Occurrence DECEMBER = new Occurrence(42, LocalDate.of(2026, 12, 25));
    private static final Occurrence OTHER = new Occurrence(43, LocalDate.of(2026, 11, 25));

    @DatabaseTest
    void events_of_many_occurrences_round_trip_in_sequence_order(TestDatabase db) {
        Jdbi app = db.appJdbi();
        HistoryWrites writes = new HistoryWrites(db.dialect());
        TransferRequest first = request(NOVEMBER.attempt(1), "rent");
        TransferRequest second = request(NOVEMBER.attempt(2), "rent, again");
        app.useTransaction(h -> {
            assertThat(writes.append(h, started(NOVEMBER.attempt(1), first))).isTrue();
            assertThat(writes.append(h, event(NOVEMBER.attempt(1), EventType.UNKNOWN, null, null))).isTrue();
            assertThat(writes.append(h, event(NOVEMBER.attempt(1), EventType.FAILED, null, "INSUFFICIENT_FUNDS")))
                    .isTrue();
            assertThat(writes.append(h, started(DECEMBER.attempt(1), request(DECEMBER.attempt(1), "")))).isTrue();
            assertThat(writes.append(h, started(NOVEMBER.attempt(2), second))).isTrue();
            assertThat(writes.append(h, event(NOVEMBER.attempt(2), EventType.SUCCEEDED, "EXT-1", null))).isTrue();
            assertThat(writes.append(h, event(OTHER.attempt(1), EventType.SKIPPED, null, null))).isTrue();
        });
        Occurrence empty = new Occurrence(42, LocalDate.of(2026, 10, 25));

        Map<Occurrence, OccurrenceHistory> read = new HistoryReads(app, db.dialect())
                .histories(List.of(NOVEMBER, empty, OTHER));

        assertThat(read).containsOnlyKeys(NOVEMBER, empty, OTHER);
        List<HistoryEvent> november = read.get(NOVEMBER).events();
        assertThat(november).extracting(HistoryEvent::type).containsExactly(EventType.STARTED, EventType.UNKNOWN,
                EventType.FAILED, EventType.STARTED, EventType.SUCCEEDED);
        assertThat(november).extracting(HistoryEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(november.get(0).request()).isEqualTo(first);
        assertThat(november.get(0).occurredAt()).isEqualTo(AT);
        assertThat(november.get(2).code()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(november.get(3).request()).isEqualTo(second);
        assertThat(november.get(4).externalTransactionId()).isEqualTo("EXT-1");
        assertThat(november.get(4).key()).isEqualTo(NOVEMBER.attempt(2));
        assertThat(read.get(NOVEMBER).succeeded()).isPresent();
        assertThat(read.get(empty).events()).isEmpty();
        assertThat(read.get(OTHER).events()).extracting(HistoryEvent::type).containsExactly(EventType.SKIPPED);
        assertThat(new HistoryReads(app, db.dialect()).histories(List.of(DECEMBER)).get(DECEMBER).events().get(0)
                .request().memo()).as("an empty memo").isEmpty();
    }

    @DatabaseTest
    void a_refused_duplicate_returns_false_and_the_transaction_still_commits_its_other_inserts(TestDatabase db) {
        Jdbi app = db.appJdbi();
        HistoryWrites writes = new HistoryWrites(db.dialect());
        AttemptKey key = NOVEMBER.attempt(1);
        app.useTransaction(h -> {
            writes.append(h, started(key, request(key, "rent")));
            writes.append(h, event(key, EventType.SUCCEEDED, "EXT-1", null));
        });

        List<Boolean> answers = app.inTransaction(h -> List.of(
                writes.append(h, event(key, EventType.SUCCEEDED, "EXT-1", null)),   // same final slot
                writes.append(h, event(key, EventType.UNKNOWN, null, null)),
                writes.append(h, event(key, EventType.FAILED, null, "CLOSED")),      // final slot taken too
                writes.append(h, event(key.next(), EventType.SUCCEEDED, "EXT-2", null)), // one SUCCEEDED per occurrence
                writes.append(h, event(DECEMBER.attempt(1), EventType.SKIPPED, null, null))));

        assertThat(answers).containsExactly(false, true, false, false, true);
        Map<Occurrence, OccurrenceHistory> read = new HistoryReads(app, db.dialect())
                .histories(List.of(NOVEMBER, DECEMBER));
        assertThat(read.get(NOVEMBER).events()).extracting(HistoryEvent::type)
                .containsExactly(EventType.STARTED, EventType.SUCCEEDED, EventType.UNKNOWN);
        assertThat(read.get(DECEMBER).events()).extracting(HistoryEvent::type).containsExactly(EventType.SKIPPED);
    }

    private static TransferRequest request(AttemptKey key, String memo) {
        return new TransferRequest(key.format(), AccountRef.of("BANK_A", "1002-3004-5006"),
                AccountRef.of("BANK_B", "2002-3004-5006"), Money.krw(150_000), memo, AT.minusSeconds(5));
    }

    private static NewHistoryEvent started(AttemptKey key, TransferRequest request) {
        return new NewHistoryEvent(key, EventType.STARTED, AT, request, null, null, null, "node-1");
    }

    private static NewHistoryEvent event(AttemptKey key, EventType type, String externalId, String code) {
        return new NewHistoryEvent(key, type, AT, null, externalId, code, null, "node-1");
    }
}
