package dev.autotransfer.jdbc;

import static dev.autotransfer.jdbc.HistoryEvents.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.LocalDate;
import org.jdbi.v3.core.Jdbi;

/** The database itself holds the per-key and per-occurrence rules of history (DESIGN, hard cases 1 and 2). */
class HistoryUniquenessTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    @DatabaseTest
    void rejects_a_second_succeeded_for_an_occurrence(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        insert(jdbi, DAY, 1, "STARTED");
        insert(jdbi, DAY, 1, "SUCCEEDED");
        insert(jdbi, DAY, 2, "STARTED");

        assertRejectedAsDuplicate(db, jdbi, DAY, 2, "SUCCEEDED");
    }

    @DatabaseTest
    void rejects_a_second_final_outcome_for_a_key(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        insert(jdbi, DAY, 1, "STARTED");
        insert(jdbi, DAY, 1, "SUCCEEDED");

        assertRejectedAsDuplicate(db, jdbi, DAY, 1, "FAILED");
        assertRejectedAsDuplicate(db, jdbi, DAY, 1, "SUCCEEDED");

        insert(jdbi, DAY.plusDays(1), 1, "FAILED");
        assertRejectedAsDuplicate(db, jdbi, DAY.plusDays(1), 1, "FAILED");
        assertRejectedAsDuplicate(db, jdbi, DAY.plusDays(1), 1, "SUCCEEDED");
    }

    @DatabaseTest
    void rejects_a_second_started_for_a_key(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        insert(jdbi, DAY, 1, "STARTED");
        insert(jdbi, DAY, 1, "FAILED");
        insert(jdbi, DAY, 2, "STARTED");

        assertRejectedAsDuplicate(db, jdbi, DAY, 2, "STARTED");
    }

    @DatabaseTest
    void skipped_and_cancelled_share_the_opened_slot_of_a_key_with_its_started(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        insert(jdbi, DAY, 1, "STARTED");
        assertRejectedAsDuplicate(db, jdbi, DAY, 1, "SKIPPED");
        assertRejectedAsDuplicate(db, jdbi, DAY, 1, "CANCELLED");

        LocalDate skippedDay = DAY.plusDays(1);
        insert(jdbi, skippedDay, 1, "SKIPPED");
        assertRejectedAsDuplicate(db, jdbi, skippedDay, 1, "STARTED");
        assertRejectedAsDuplicate(db, jdbi, skippedDay, 1, "CANCELLED");
    }

    @DatabaseTest
    void a_cancel_after_a_failed_attempt_takes_the_next_key_and_wins_over_a_racing_start(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        insert(jdbi, DAY, 1, "STARTED");
        insert(jdbi, DAY, 1, "FAILED");

        insert(jdbi, DAY, 2, "CANCELLED");

        assertRejectedAsDuplicate(db, jdbi, DAY, 2, "STARTED");
    }

    @DatabaseTest
    void an_occurrence_that_has_an_attempt_is_never_skipped(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        insert(jdbi, DAY, 1, "STARTED");
        insert(jdbi, DAY, 1, "FAILED");

        Throwable failure = catchThrowable(() -> insert(jdbi, DAY, 2, "SKIPPED"));

        assertThat(Refusal.of(db.dialect(), failure))
                .as("SKIPPED of attempt 2 must be refused by a CHECK, was %s", Refusal.describe(failure))
                .isEqualTo(Refusal.CHECK_VIOLATION);
        assertThat(HistoryEvents.count(jdbi, "at_history")).isEqualTo(2);
    }

    @DatabaseTest
    void the_rules_hold_on_schedule_date_and_attempt_whatever_the_key_text(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        jdbi.useHandle(h -> HistoryEvents.insert(h, HistoryEvents.SCHEDULE, DAY, 1, "42:2026-11-25:1", "STARTED"));
        jdbi.useHandle(h -> HistoryEvents.insert(h, HistoryEvents.SCHEDULE, DAY, 1, "42:2026-11-25:1", "FAILED"));

        for (String eventType : new String[] {"STARTED", "SKIPPED", "CANCELLED", "SUCCEEDED", "FAILED"}) {
            Throwable failure = catchThrowable(() -> jdbi.useHandle(h ->
                    HistoryEvents.insert(h, HistoryEvents.SCHEDULE, DAY, 1, "another text for attempt 1", eventType)));
            assertThat(Refusal.of(db.dialect(), failure))
                    .as("%s of attempt 1 under another key text must collide, was %s", eventType, Refusal.describe(failure))
                    .isEqualTo(Refusal.UNIQUE_VIOLATION);
        }
        assertThat(HistoryEvents.count(jdbi, "at_history")).isEqualTo(2);
    }

    @DatabaseTest
    void rejects_two_requeued_and_two_dead_lettered_for_one_key(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        insert(jdbi, DAY, 1, "STARTED");
        insert(jdbi, DAY, 1, "FAILED");
        insert(jdbi, DAY, 1, "DEAD_LETTERED");
        assertRejectedAsDuplicate(db, jdbi, DAY, 1, "DEAD_LETTERED");

        // a requeue carries the next attempt's number and key, so two requeues collide
        insert(jdbi, DAY, 2, "REQUEUED");
        assertRejectedAsDuplicate(db, jdbi, DAY, 2, "REQUEUED");
        assertThatCode(() -> insert(jdbi, DAY, 2, "STARTED")).doesNotThrowAnyException();
    }

    @DatabaseTest
    void accepts_a_repeated_unknown_and_a_second_attempt_after_a_failed_first(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        insert(jdbi, DAY, 1, "STARTED");
        insert(jdbi, DAY, 1, "UNKNOWN");
        insert(jdbi, DAY, 1, "UNKNOWN");
        insert(jdbi, DAY, 1, "UNKNOWN");
        insert(jdbi, DAY, 1, "FAILED");
        insert(jdbi, DAY, 2, "STARTED");
        insert(jdbi, DAY, 2, "UNKNOWN");
        insert(jdbi, DAY, 2, "SUCCEEDED");

        assertThat(HistoryEvents.count(jdbi, "at_history")).isEqualTo(8);
    }

    @DatabaseTest
    void the_same_attempt_numbers_in_another_occurrence_do_not_collide(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        for (LocalDate day : new LocalDate[] {DAY, DAY.plusMonths(1)}) {
            insert(jdbi, day, 1, "STARTED");
            insert(jdbi, day, 1, "SUCCEEDED");
        }
        jdbi.useHandle(h -> HistoryEvents.insert(h, HistoryEvents.SCHEDULE + 1, DAY, 1, "STARTED"));

        assertThat(HistoryEvents.count(jdbi, "at_history")).isEqualTo(5);
    }

    @DatabaseTest
    void a_stale_twin_cannot_write_a_second_dead_letter_entry(TestDatabase db) {
        Jdbi jdbi = db.appJdbi();
        jdbi.useHandle(h -> h.execute(ScheduleRows.INSERT_SCHEDULE));
        String insert = """
                INSERT INTO at_dead_letter (schedule_id, nominal_date, attempt, idempotency_key, kind, code)
                SELECT id, DATE '2026-11-25', 1, '1:2026-11-25:1', 'EXHAUSTED', 'INSUFFICIENT_FUNDS' FROM at_schedule""";
        jdbi.useHandle(h -> h.execute(insert));

        Throwable twin = catchThrowable(() -> jdbi.useHandle(h -> h.execute(insert)));

        assertThat(Refusal.of(db.dialect(), twin)).as("unique violation: %s", Refusal.describe(twin))
                .isEqualTo(Refusal.UNIQUE_VIOLATION);
    }

    private static void assertRejectedAsDuplicate(TestDatabase db, Jdbi jdbi, LocalDate day, Integer attempt,
            String eventType) {
        long before = HistoryEvents.count(jdbi, "at_history");
        Throwable failure = catchThrowable(() -> insert(jdbi, day, attempt, eventType));
        assertThat(Refusal.of(db.dialect(), failure))
                .as("%s of attempt %s on %s must be refused as a duplicate, was %s", eventType, attempt, day,
                        Refusal.describe(failure))
                .isEqualTo(Refusal.UNIQUE_VIOLATION);
        assertThat(HistoryEvents.count(jdbi, "at_history")).isEqualTo(before);
    }
}
