package dev.autotransfer.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.jdbc.internal.UtcInstants;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Registering a schedule writes the CURRENT work item of its first occurrence: claimable from the
 * start of the execution date in the schedule's zone (after the business-day shift), unleased.
 */
class CurrentWorkItemTest {

    /** A row of at_work_item as the test reads it. */
    record WorkItem(long scheduleId, LocalDate nominalDate, String bankCode, int priority, String kind,
            Instant notBefore, Instant leaseUntil, Instant claimableAt, String leaseToken, String leaseOwner,
            int claimCount) {
    }

    @DatabaseTest
    void the_first_occurrence_gets_an_unleased_current_work_item_for_the_source_bank(TestDatabase db) {
        Schedule schedule = Specs.store(db).create(Specs.rent("rent-2026").priority(Priority.P0).build(), Specs.AUDIT);

        WorkItem item = onlyWorkItem(db);

        assertThat(item.scheduleId()).isEqualTo(schedule.id());
        assertThat(item.nominalDate()).isEqualTo(LocalDate.of(2026, 12, 25)).isEqualTo(schedule.nextDueDate());
        assertThat(item.bankCode()).isEqualTo("BANK_A");
        assertThat(item.priority()).isZero();
        assertThat(item.kind()).isEqualTo("CURRENT");
        assertThat(item.leaseUntil()).isEqualTo(Instant.EPOCH);
        assertThat(item.leaseToken()).isNull();
        assertThat(item.leaseOwner()).isNull();
        assertThat(item.claimCount()).isZero();
        assertThat(item.claimableAt()).isEqualTo(item.notBefore());
    }

    @DatabaseTest
    void a_first_occurrence_on_chuseok_waits_for_the_start_of_the_next_business_day_in_seoul(TestDatabase db) {
        try (DefaultZone ignored = DefaultZone.set("America/New_York")) {
            Specs.store(db).create(Specs.rent("chuseok")
                    .recurrence(Recurrence.monthly(LocalDate.of(2026, 9, 1), 25))
                    .build(), Specs.AUDIT);

            WorkItem item = onlyWorkItem(db);

            // Sep 24-26 are Chuseok holidays, Sep 27 a Sunday: it executes on Monday Sep 28 in Seoul
            assertThat(item.nominalDate()).isEqualTo(LocalDate.of(2026, 9, 25));
            assertThat(item.notBefore()).isEqualTo(Instant.parse("2026-09-27T15:00:00Z"));
        }
    }

    @DatabaseTest
    void not_before_is_read_in_the_schedules_own_zone(TestDatabase db) {
        Specs.store(db).create(Specs.rent("new-york-rent").zone(ZoneId.of("America/New_York"))
                .calendarId("weekends").recurrence(Recurrence.once(LocalDate.of(2026, 12, 25))).build(), Specs.AUDIT);

        assertThat(onlyWorkItem(db).notBefore()).isEqualTo(Instant.parse("2026-12-25T05:00:00Z"));
    }

    private static WorkItem onlyWorkItem(TestDatabase db) {
        UtcInstants instants = UtcInstants.of(db.dialect());
        return db.appJdbi().withHandle(h -> h.createQuery("""
                SELECT schedule_id, nominal_date, bank_code, priority, kind, not_before, lease_until, claimable_at,
                    lease_token, lease_owner, claim_count
                FROM at_work_item""").map((rs, ctx) -> new WorkItem(rs.getLong(1), rs.getObject(2, LocalDate.class),
                        rs.getString(3), rs.getInt(4), rs.getString(5), instants.read(rs, 6), instants.read(rs, 7),
                        instants.read(rs, 8), rs.getString(9), rs.getString(10), rs.getInt(11))).one());
    }
}
