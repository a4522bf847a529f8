package dev.autotransfer.jdbc;

/** Operational rows for the schema tests. */
final class ScheduleRows {

    static final String INSERT_SCHEDULE = """
            INSERT INTO at_schedule (client_reference, source_bank, source_account, destination_bank,
                destination_account, amount_minor, currency, memo, priority, status, start_date, frequency,
                day_of_month, business_day_rule, catch_up_policy, next_due_date)
            VALUES ('ref-1', 'BANK_A', '1002-3004-5006', 'BANK_B', '2002-3004-5006', 150000, 'KRW', 'rent', 1,
                'ACTIVE', DATE '2026-01-25', 'MONTHLY', 25, 'NEXT', 'EXECUTE_ALL', DATE '2026-11-25')""";

    private ScheduleRows() {
    }
}
