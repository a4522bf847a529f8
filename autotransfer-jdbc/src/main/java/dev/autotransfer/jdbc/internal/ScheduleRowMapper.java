package dev.autotransfer.jdbc.internal;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.domain.BusinessDayRule;
import dev.autotransfer.domain.CatchUpPolicy;
import dev.autotransfer.domain.DayOfMonthRule;
import dev.autotransfer.domain.Frequency;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads an {@code at_schedule} row (the columns of {@code sql/schedule/select_*.sql}) back into a
 * {@link Schedule}, the inverse of {@link ScheduleColumns}. Not API. Immutable, thread-safe.
 *
 * <p>A row the domain refuses (a code or value no version of this library writes) is reported as
 * {@link AutoTransferJdbcException} naming the schedule id, never as a silently different schedule.
 */
public final class ScheduleRowMapper implements RowMapper<Schedule> {

    private final UtcInstants instants;

    /** A mapper for the dialect's instant columns. */
    public ScheduleRowMapper(Dialect dialect) {
        this.instants = UtcInstants.of(dialect);
    }

    @Override
    public Schedule map(ResultSet rs, StatementContext ctx) throws SQLException {
        long id = rs.getLong("id");
        try {
            ScheduleSpec spec = new ScheduleSpec(rs.getString("client_reference"),
                    new AccountRef(rs.getString("source_bank"), rs.getString("source_account")),
                    new AccountRef(rs.getString("destination_bank"), rs.getString("destination_account")),
                    new Money(rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency").strip())),
                    nullToEmpty(rs.getString("memo")),
                    ScheduleColumns.priority(rs.getInt("priority")),
                    recurrence(rs),
                    ZoneId.of(rs.getString("time_zone")),
                    BusinessDayRule.valueOf(rs.getString("business_day_rule")),
                    rs.getString("calendar_id"),
                    CatchUpPolicy.valueOf(rs.getString("catch_up_policy")));
            return new Schedule(id, spec, ScheduleStatus.valueOf(rs.getString("status")),
                    rs.getObject("next_due_date", LocalDate.class), rs.getLong("version"), rs.getInt("retry_count"),
                    instants.read(rs, rs.findColumn("last_executed_at")),
                    instants.read(rs, rs.findColumn("created_at")));
        } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
            throw new AutoTransferJdbcException("schedule " + id + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Recurrence recurrence(ResultSet rs) throws SQLException {
        int interval = rs.getInt("interval_count");
        String frequency = rs.getString("frequency");
        Frequency value = switch (frequency) {
            case ScheduleColumns.MONTHLY -> new Frequency.Monthly(interval, rs.getBoolean("last_day_of_month")
                    ? DayOfMonthRule.LAST_DAY_OF_MONTH : DayOfMonthRule.day(requiredInt(rs, "day_of_month")));
            case ScheduleColumns.WEEKLY -> new Frequency.Weekly(interval, DayOfWeek.of(requiredInt(rs, "day_of_week")));
            case ScheduleColumns.ONCE -> Frequency.Once.ONCE;
            default -> throw new IllegalArgumentException("frequency '" + frequency + "' is unknown");
        };
        return new Recurrence(rs.getObject("start_date", LocalDate.class), value,
                rs.getObject("end_date", LocalDate.class), nullableInt(rs, "max_occurrences"));
    }

    private static int requiredInt(ResultSet rs, String column) throws SQLException {
        Integer value = nullableInt(rs, column);
        if (value == null) {
            throw new IllegalArgumentException(column + " is NULL for frequency " + rs.getString("frequency"));
        }
        return value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
