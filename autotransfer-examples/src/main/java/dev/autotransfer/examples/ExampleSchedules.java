package dev.autotransfer.examples;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.domain.BusinessDayRule;
import dev.autotransfer.domain.CatchUpPolicy;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.ScheduleSpec;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

/** The standing orders a small pay service's users set up, one of each kind the SDK supports. */
final class ExampleSchedules {

    static final AccountRef MAIN = AccountRef.of("088", "110-234-567890");
    static final AccountRef SAVINGS = AccountRef.of("088", "110-987-654321");
    static final AccountRef LANDLORD = AccountRef.of("004", "123-45-6789012");
    static final AccountRef POWER_COMPANY = AccountRef.of("011", "301-0000-1122-33");
    static final AccountRef CHARITY = AccountRef.of("020", "1005-203-445566");
    static final AccountRef EMPLOYER = AccountRef.of("003", "222-333333-44-555");
    static final AccountRef STAFF = AccountRef.of("088", "110-555-010101");

    private ExampleSchedules() {
    }

    static List<ScheduleSpec> all() {
        return List.of(
                spec("salary-2026-staff-0001", EMPLOYER, STAFF, Money.krw(3_200_000), "salary", Priority.P0,
                        Recurrence.monthly(LocalDate.of(2026, 9, 25), 25), BusinessDayRule.PREVIOUS),
                spec("rent-2026-unit-1203", MAIN, LANDLORD, Money.krw(850_000), "rent, unit 1203", Priority.P1,
                        Recurrence.monthlyOnLastDay(LocalDate.of(2026, 10, 1)), BusinessDayRule.NEXT),
                spec("savings-term-12m-0042", MAIN, SAVINGS, Money.krw(300_000), "savings installment",
                        Priority.P1, Recurrence.monthly(LocalDate.of(2026, 10, 31), 31).withOccurrences(12),
                        BusinessDayRule.MODIFIED_FOLLOWING),
                spec("power-bill-7781", MAIN, POWER_COMPANY, Money.krw(64_300), "electricity", Priority.P0,
                        Recurrence.monthly(LocalDate.of(2026, 11, 1), 1), BusinessDayRule.NEXT),
                spec("donation-biweekly-17", MAIN, CHARITY, Money.krw(10_000), "donation", Priority.P2,
                        Recurrence.everyWeeks(2, LocalDate.of(2026, 11, 6), DayOfWeek.FRIDAY), BusinessDayRule.NEXT),
                spec("gift-christmas-2026", MAIN, LANDLORD, Money.krw(50_000), "season's greetings", Priority.P2,
                        Recurrence.once(LocalDate.of(2026, 12, 25)), BusinessDayRule.NEXT));
    }

    private static ScheduleSpec spec(String reference, AccountRef from, AccountRef to, Money amount, String memo,
            Priority priority, Recurrence recurrence, BusinessDayRule rule) {
        return ScheduleSpec.builder()
                .clientReference(reference)
                .source(from)
                .destination(to)
                .amount(amount)
                .memo(memo)
                .priority(priority)
                .recurrence(recurrence)
                .businessDayRule(rule)
                .catchUpPolicy(CatchUpPolicy.RUN_ALL_MISSED)
                .build();
    }
}
