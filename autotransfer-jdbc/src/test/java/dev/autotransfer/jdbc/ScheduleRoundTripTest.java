package dev.autotransfer.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.Money;
import dev.autotransfer.calendar.WeekendsOnlyCalendar;
import dev.autotransfer.domain.BusinessDayRule;
import dev.autotransfer.domain.CatchUpPolicy;
import dev.autotransfer.domain.DayOfMonthRule;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.jdbc.internal.JdbiFactory;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A registered schedule reads back field for field, and its row spreads the spec over its columns. */
class ScheduleRoundTripTest {

    private static final List<ScheduleSpec> SPECS = List.of(
            Specs.rent("monthly-31st-until-year-end")
                    .recurrence(Recurrence.monthly(LocalDate.of(2026, 1, 10), 31).withEndDate(LocalDate.of(2026, 12, 31)))
                    .build(),
            Specs.rent("last-day-twelve-times")
                    .recurrence(Recurrence.monthlyOnLastDay(LocalDate.of(2026, 2, 1)).withOccurrences(12))
                    .build(),
            Specs.rent("every-second-friday")
                    .recurrence(Recurrence.everyWeeks(2, LocalDate.of(2026, 11, 16), DayOfWeek.FRIDAY))
                    .memo("")
                    .build(),
            Specs.rent("once-on-christmas-eve")
                    .recurrence(Recurrence.once(LocalDate.of(2026, 12, 24)))
                    .build(),
            Specs.rent("quarterly-dollars")
                    .amount(Money.parse("1234.56", "USD"))
                    .memo("Q1 fee — 분기 수수료")
                    .priority(Priority.P0)
                    .recurrence(Recurrence.everyMonths(3, LocalDate.of(2027, 1, 1), DayOfMonthRule.day(15)))
                    .zone(ZoneId.of("America/New_York"))
                    .businessDayRule(BusinessDayRule.PREVIOUS)
                    .calendarId(WeekendsOnlyCalendar.INSTANCE.id())
                    .catchUpPolicy(CatchUpPolicy.SKIP_MISSED)
                    .build(),
            Specs.rent("weekly-in-utc")
                    .priority(Priority.P2)
                    .recurrence(Recurrence.weekly(LocalDate.of(2026, 11, 20), DayOfWeek.SUNDAY))
                    .zone(ZoneId.of("UTC"))
                    .businessDayRule(BusinessDayRule.MODIFIED_FOLLOWING)
                    .catchUpPolicy(CatchUpPolicy.RUN_LATEST_ONLY)
                    .build());

    @DatabaseTest
    void every_kind_of_spec_reads_back_as_registered_whatever_the_jvm_zone(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);
        try (DefaultZone ignored = DefaultZone.set("Asia/Seoul")) {
            for (ScheduleSpec spec : SPECS) {
                Schedule registered = store.create(spec, Specs.AUDIT);

                assertThat(registered.spec()).isEqualTo(spec);
                assertThat(registered.status()).isEqualTo(ScheduleStatus.ACTIVE);
                assertThat(registered.nextDueDate()).isEqualTo(spec.recurrence().first());
                assertThat(registered.version()).isZero();
                assertThat(registered.retryCount()).isZero();
                assertThat(registered.lastExecutedAt()).isNull();
                assertThat(registered.createdAt()).isEqualTo(Instant.parse("2026-11-15T09:30:12.345678Z"));
                assertThat(store.find(registered.id())).as(spec.clientReference()).contains(registered);
                assertThat(store.findByClientReference(spec.clientReference())).contains(registered);
            }
        }
    }

    @DatabaseTest
    void the_row_holds_each_field_of_the_spec_in_its_own_column(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);
        long monthly = store.create(SPECS.get(0), Specs.AUDIT).id();
        long lastDay = store.create(SPECS.get(1), Specs.AUDIT).id();
        long weekly = store.create(SPECS.get(2), Specs.AUDIT).id();
        long once = store.create(SPECS.get(3), Specs.AUDIT).id();
        long dollars = store.create(SPECS.get(4), Specs.AUDIT).id();

        assertThat(row(db, monthly)).containsAllEntriesOf(Map.of("client_reference", "monthly-31st-until-year-end",
                "source_bank", "BANK_A", "source_account", "1002-3004-5006", "destination_bank", "BANK_B",
                "destination_account", "2002-3004-5007", "frequency", "MONTHLY", "interval_count", "1",
                "day_of_month", "31", "end_date", "2026-12-31", "next_due_date", "2026-01-31"));
        assertThat(row(db, monthly)).containsAllEntriesOf(Map.of("status", "ACTIVE", "priority", "1",
                "time_zone", "Asia/Seoul", "business_day_rule", "NEXT", "calendar_id", "kr-bank",
                "catch_up_policy", "RUN_ALL_MISSED", "version", "0", "retry_count", "0", "memo", "rent"));
        assertThat(row(db, lastDay)).containsAllEntriesOf(Map.of("max_occurrences", "12", "last_day_of_month", "true",
                "next_due_date", "2026-02-28")).containsEntry("day_of_month", null);
        assertThat(row(db, weekly)).containsAllEntriesOf(Map.of("frequency", "WEEKLY", "interval_count", "2",
                "day_of_week", "5", "next_due_date", "2026-11-20", "last_day_of_month", "false"));
        assertThat(row(db, once)).containsAllEntriesOf(Map.of("frequency", "ONCE", "interval_count", "1"))
                .containsEntry("day_of_month", null).containsEntry("day_of_week", null);
        assertThat(row(db, dollars)).containsAllEntriesOf(Map.of("amount_minor", "123456", "currency", "USD",
                "priority", "0", "time_zone", "America/New_York", "business_day_rule", "PREVIOUS",
                "calendar_id", "weekends", "catch_up_policy", "SKIP_MISSED"));
    }

    @DatabaseTest
    void find_reads_the_state_that_edits_and_the_engine_change(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);
        Schedule registered = store.create(SPECS.get(0), Specs.AUDIT);
        Instant executed = Instant.parse("2026-01-30T15:00:01.5Z");
        JdbiFactory.create(db.appDataSource(), db.dialect()).useHandle(h -> h.createUpdate("""
                UPDATE at_schedule SET status = 'PAUSED', version = 3, retry_count = 2, last_executed_at = :executed,
                    next_due_date = DATE '2026-02-28' WHERE id = :id""")
                .bind("executed", executed).bind("id", registered.id()).execute());

        Schedule found = store.find(registered.id()).orElseThrow();

        assertThat(found).isEqualTo(new Schedule(registered.id(), registered.spec(), ScheduleStatus.PAUSED,
                LocalDate.of(2026, 2, 28), 3, 2, executed, registered.createdAt()));
    }

    @DatabaseTest
    void unknown_ids_and_references_are_not_found(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);
        long id = store.create(SPECS.get(0), Specs.AUDIT).id();

        assertThat(store.find(id + 1)).isEmpty();
        assertThat(store.findByClientReference("no-such-reference")).isEmpty();
        assertThat(store.findByClientReference("MONTHLY-31ST-UNTIL-YEAR-END")).as("references are case-sensitive").isEmpty();
    }

    /** The row's columns as text (booleans as true/false, NULL as null), by lower-case column name. */
    private static Map<String, String> row(TestDatabase db, long id) {
        return db.appJdbi().withHandle(h -> h.createQuery("""
                SELECT client_reference, source_bank, source_account, destination_bank, destination_account,
                    amount_minor, currency, memo, priority, status, end_date, max_occurrences, frequency, interval_count,
                    day_of_month, last_day_of_month, day_of_week, time_zone, business_day_rule, calendar_id,
                    catch_up_policy, next_due_date, version, retry_count
                FROM at_schedule WHERE id = :id""").bind("id", id).map((rs, ctx) -> {
                    Map<String, String> columns = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        String name = rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT);
                        Object value = name.equals("last_day_of_month") ? (Object) rs.getBoolean(i) : rs.getObject(i);
                        columns.put(name, value == null ? null : String.valueOf(value).strip());
                    }
                    return columns;
                }).one());
    }
}
