package dev.autotransfer.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HolidayTableParsingTest {

    private static final String HEAD = "# comment\ncovers,2030-01-01,2030-12-31\ndate,kind,status,name,source\n";

    @Test
    void a_well_formed_table_parses_with_sources_that_may_hold_commas() {
        HolidayTable table = parse(HEAD + "2030-01-01,PUBLIC,OFFICIAL,New Year,law 1, article 2\n"
                + "\n2030-05-01,BANK_CLOSED,DERIVED,Labour Day,\n");
        assertThat(table.covered()).isEqualTo(DateRange.years(2030, 2030));
        assertThat(table.holidays()).extracting(Holiday::source).containsExactly("law 1, article 2", "");
    }

    @Test
    void an_updated_table_makes_a_calendar_for_other_years() {
        KoreanBankCalendar updated = KoreanBankCalendar.from(parse(HEAD + "2030-01-01,PUBLIC,OFFICIAL,New Year,\n"));
        assertThat(updated.isBusinessDay(LocalDate.of(2030, 1, 1))).isFalse();
        assertThat(updated.isBusinessDay(LocalDate.of(2030, 1, 2))).isTrue();
    }

    @Test
    void a_holiday_outside_the_covered_range_is_rejected_naming_it() {
        assertThatThrownBy(() -> parse(HEAD + "2031-01-01,PUBLIC,OFFICIAL,New Year,\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2031-01-01").hasMessageContaining("2030-01-01..2030-12-31");
    }

    @Test
    void a_bad_kind_is_rejected_with_file_and_line() {
        assertThatThrownBy(() -> parse(HEAD + "2030-01-01,FEAST,OFFICIAL,New Year,\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.csv line 4").hasMessageContaining("FEAST");
    }

    @Test
    void a_bad_date_is_rejected_naming_it() {
        assertThatThrownBy(() -> parse(HEAD + "2030-02-30,PUBLIC,OFFICIAL,Nope,\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2030-02-30");
    }

    @Test
    void a_missing_covers_line_is_rejected() {
        assertThatThrownBy(() -> parse("date,kind,status,name,source\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("covers");
    }

    private static HolidayTable parse(String text) {
        return HolidayTable.parse(new StringReader(text), "test.csv");
    }
}
