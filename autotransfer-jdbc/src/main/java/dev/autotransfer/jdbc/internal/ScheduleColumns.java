package dev.autotransfer.jdbc.internal;

import dev.autotransfer.domain.DayOfMonthRule;
import dev.autotransfer.domain.Frequency;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.ScheduleSpec;
import java.time.Instant;
import java.time.LocalDate;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * How a {@link ScheduleSpec} is spread over the columns of {@code at_schedule}: the named binds of
 * the insert, and the codes that the row mapper ({@link ScheduleRowMapper}) reads back. Not API.
 * Stateless.
 *
 * <p>Recurrence: {@code frequency} MONTHLY, WEEKLY or ONCE with {@code interval_count} (1 for
 * ONCE); a monthly day rule is {@code day_of_month} 1..31, or {@code last_day_of_month} true with
 * no day; a weekly one is {@code day_of_week} 1 (Monday) .. 7 (Sunday), ISO numbering. Priority is
 * 0, 1 or 2. The zone is stored by its id after normalization (a fixed offset as {@code +09:00},
 * UTC as {@code Z}). Nulls are bound with their SQL type, which MariaDB needs.
 */
public final class ScheduleColumns {

    static final String MONTHLY = "MONTHLY";
    static final String WEEKLY = "WEEKLY";
    static final String ONCE = "ONCE";

    private ScheduleColumns() {
    }

    /** Binds every column of a new schedule row (see {@code sql/schedule/insert.sql}). */
    public static <T extends SqlStatement<T>> T bindNew(T statement, ScheduleSpec spec, Instant createdAt) {
        Recurrence recurrence = spec.recurrence();
        statement.bind("clientReference", spec.clientReference())
                .bind("sourceBank", spec.source().bankCode())
                .bind("sourceAccount", spec.source().accountNumber())
                .bind("destinationBank", spec.destination().bankCode())
                .bind("destinationAccount", spec.destination().accountNumber())
                .bind("amountMinor", spec.amount().minorUnits())
                .bind("currency", spec.amount().currency().getCurrencyCode())
                .bind("memo", spec.memo())
                .bind("priority", priorityCode(spec.priority()))
                .bind("status", "ACTIVE")
                .bind("startDate", recurrence.start())
                .bindByType("endDate", recurrence.endDate(), LocalDate.class)
                .bind("maxOccurrences", recurrence.occurrenceCount())
                .bind("timeZone", spec.zone().getId())
                .bind("businessDayRule", spec.businessDayRule().name())
                .bind("calendarId", spec.calendarId())
                .bind("catchUpPolicy", spec.catchUpPolicy().name())
                .bind("nextDueDate", recurrence.first())
                .bindByType("createdAt", createdAt, Instant.class);
        return bindFrequency(statement, recurrence.frequency());
    }

    private static <T extends SqlStatement<T>> T bindFrequency(T statement, Frequency frequency) {
        String name;
        int interval;
        Integer dayOfMonth = null;
        boolean lastDayOfMonth = false;
        Integer dayOfWeek = null;
        if (frequency instanceof Frequency.Monthly monthly) {
            name = MONTHLY;
            interval = monthly.intervalMonths();
            if (monthly.day() instanceof DayOfMonthRule.OnDay onDay) {
                dayOfMonth = onDay.day();
            } else {
                lastDayOfMonth = true;
            }
        } else if (frequency instanceof Frequency.Weekly weekly) {
            name = WEEKLY;
            interval = weekly.intervalWeeks();
            dayOfWeek = weekly.day().getValue();
        } else {
            name = ONCE;
            interval = 1;
        }
        return statement.bind("frequency", name)
                .bind("intervalCount", interval)
                .bind("dayOfMonth", dayOfMonth)
                .bind("lastDayOfMonth", lastDayOfMonth)
                .bind("dayOfWeek", dayOfWeek);
    }

    /** The stored code of a priority: 0, 1 or 2. */
    public static int priorityCode(Priority priority) {
        return Integer.parseInt(priority.name().substring(1));
    }

    /** The priority of a stored code. */
    static Priority priority(int code) {
        for (Priority priority : Priority.values()) {
            if (priorityCode(priority) == code) {
                return priority;
            }
        }
        throw new IllegalArgumentException("priority code " + code + " is not one of 0, 1, 2");
    }
}
