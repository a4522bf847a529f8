package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.calendar.CalendarCoverageException;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.sql.SQLException;
import java.time.LocalDate;

/** Bad input is refused naming the field before anything is written; database failures are ours, masked. */
class ScheduleCreateFailureTest {

    @DatabaseTest
    void a_missing_spec_is_refused_naming_spec(TestDatabase db) {
        assertThatNullPointerException().isThrownBy(() -> Specs.store(db).create(null, Specs.AUDIT)).withMessage("spec");
    }

    @DatabaseTest
    void an_unknown_calendar_is_refused_naming_calendarId_and_nothing_is_written(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);

        assertThatThrownBy(() -> store.create(Specs.rent("rent-2026").calendarId("mars-bank").build(), Specs.AUDIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calendarId")
                .hasMessageContaining("mars-bank");
        assertThat(Specs.count(db, "at_schedule")).isZero();
        assertThat(Specs.count(db, "at_work_item")).isZero();
    }

    @DatabaseTest
    void a_first_occurrence_beyond_the_calendars_data_is_refused_and_nothing_is_written(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);

        assertThatThrownBy(() -> store.create(Specs.rent("far-future")
                .recurrence(Recurrence.once(LocalDate.of(2031, 1, 2))).build(), Specs.AUDIT))
                .isInstanceOf(CalendarCoverageException.class)
                .hasMessageContaining("2031-01-02");
        assertThat(Specs.count(db, "at_schedule")).isZero();
    }

    @DatabaseTest
    void lookups_refuse_an_impossible_id_or_reference_naming_the_field(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);

        assertThatThrownBy(() -> store.find(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scheduleId must be at least 1, was 0");
        assertThatNullPointerException().isThrownBy(() -> store.findByClientReference(null)).withMessage("clientReference");
        assertThatThrownBy(() -> store.findByClientReference("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientReference");
        assertThatThrownBy(() -> store.findByClientReference("r".repeat(101))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientReference");
    }

    @DatabaseTest
    void a_failed_work_item_insert_leaves_no_schedule_and_surfaces_without_account_numbers(TestDatabase db) {
        db.jdbi().useHandle(h -> h.execute("DROP TABLE at_work_item"));
        JdbcScheduleClient store = Specs.store(db);

        Throwable failure = catchThrowable(() -> store.create(Specs.rent("rent-2026").build(), Specs.AUDIT));

        assertThat(failure).isInstanceOf(AutoTransferJdbcException.class).hasMessageContaining("rent-2026");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("message of %s", t.getClass().getName())
                    .doesNotContain(Specs.SOURCE.accountNumber(), Specs.DESTINATION.accountNumber());
        }
        assertThat(Specs.count(db, "at_schedule")).as("the schedule insert was rolled back").isZero();
    }

    @DatabaseTest
    void a_refused_schedule_insert_is_reported_without_the_bound_account_numbers(TestDatabase db) {
        db.jdbi().useHandle(h -> h.execute("ALTER TABLE at_schedule ADD CONSTRAINT test_no_rent_ck CHECK (memo <> 'rent')"));
        JdbcScheduleClient store = Specs.store(db);

        Throwable failure = catchThrowable(() -> store.create(Specs.rent("rent-2026").build(), Specs.AUDIT));

        assertThat(failure).isInstanceOf(AutoTransferJdbcException.class)
                .hasMessageContaining("rent-2026").hasMessageContaining("SQLState")
                .cause().isInstanceOfSatisfying(SQLException.class,
                        cause -> assertThat(cause.getSQLState()).isNotNull().startsWith("23"));
        // PostgreSQL's message quotes the failing row on a second line: the cause keeps the first only
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("message of %s", t.getClass().getName())
                    .doesNotContain(Specs.SOURCE.accountNumber(), Specs.DESTINATION.accountNumber());
        }
        assertThat(Specs.count(db, "at_work_item")).isZero();
    }

    @DatabaseTest(installSchema = false)
    void a_store_on_a_database_without_the_schema_fails_with_AutoTransferJdbcException(TestDatabase db) {
        JdbcScheduleClient store = JdbcScheduleClient.builder(db.dataSource()).clock(Specs.CLOCK).build();

        assertThatThrownBy(() -> store.findByClientReference("rent-2026")).isInstanceOf(AutoTransferJdbcException.class)
                .hasMessageContaining("rent-2026");
        assertThatThrownBy(() -> store.create(Specs.rent("rent-2026").build(), Specs.AUDIT))
                .isInstanceOf(AutoTransferJdbcException.class);
    }
}
