package dev.autotransfer.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class HolidayCalendarNavigationTest {

    private static final LocalDate FRIDAY = LocalDate.of(2025, 1, 3);
    private static final LocalDate SATURDAY = FRIDAY.plusDays(1);
    private static final LocalDate MONDAY = FRIDAY.plusDays(3);

    private final HolidayCalendar weekends = WeekendsOnlyCalendar.INSTANCE;

    @Test
    void weekends_only_calendar_closes_saturday_and_sunday_of_any_year() {
        assertThat(weekends.isBusinessDay(FRIDAY)).isTrue();
        assertThat(weekends.isBusinessDay(SATURDAY)).isFalse();
        assertThat(weekends.isBusinessDay(SATURDAY.plusDays(1))).isFalse();
        assertThat(weekends.isBusinessDay(LocalDate.of(1999, 12, 31))).isTrue();
    }

    @Test
    void on_or_after_keeps_a_business_day_and_moves_a_weekend_forward() {
        assertThat(weekends.businessDayOnOrAfter(FRIDAY)).isEqualTo(FRIDAY);
        assertThat(weekends.businessDayOnOrAfter(SATURDAY)).isEqualTo(MONDAY);
        assertThat(weekends.businessDayOnOrBefore(SATURDAY)).isEqualTo(FRIDAY);
    }

    @Test
    void next_and_previous_are_strictly_after_and_before() {
        assertThat(weekends.nextBusinessDay(FRIDAY)).isEqualTo(MONDAY);
        assertThat(weekends.previousBusinessDay(MONDAY)).isEqualTo(FRIDAY);
    }

    @Test
    void a_union_is_closed_when_any_part_is_closed() {
        HolidayCalendar bankClosing = new FixedHolidayCalendar("bank-x", List.of(MONDAY));
        HolidayCalendar union = weekends.and(bankClosing);
        assertThat(union.id()).isEqualTo("weekends+bank-x");
        assertThat(union.isBusinessDay(MONDAY)).isFalse();
        assertThat(union.isBusinessDay(SATURDAY)).isFalse();
        assertThat(union.isBusinessDay(FRIDAY)).isTrue();
        assertThat(union.businessDayOnOrAfter(SATURDAY)).isEqualTo(MONDAY.plusDays(1));
    }

    @Test
    void a_calendar_without_business_days_fails_instead_of_looping() {
        HolidayCalendar never = new HolidayCalendar() {
            @Override
            public String id() {
                return "never";
            }

            @Override
            public boolean isBusinessDay(LocalDate date) {
                return false;
            }
        };
        assertThatThrownBy(() -> never.businessDayOnOrAfter(FRIDAY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("never");
    }

    @Test
    void the_registry_finds_calendars_by_id_and_names_unknown_ids() {
        HolidayCalendarRegistry registry = HolidayCalendarRegistry.withDefaults();
        assertThat(registry.get("kr-bank")).isSameAs(KoreanBankCalendar.shipped());
        assertThat(registry.get("weekends")).isSameAs(WeekendsOnlyCalendar.INSTANCE);
        assertThatThrownBy(() -> registry.get("jp-bank"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jp-bank").hasMessageContaining("kr-bank");
        FixedHolidayCalendar custom = new FixedHolidayCalendar("kr-bank", List.of());
        assertThat(registry.with(custom).get("kr-bank")).isSameAs(custom);
    }
}
