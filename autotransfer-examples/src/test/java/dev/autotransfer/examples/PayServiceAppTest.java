package dev.autotransfer.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The example app installs the schema, registers its standing orders once, and shows holiday-shifted dates. */
class PayServiceAppTest {

    private static final Clock NOV_25 = Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);

    @DatabaseTest(installSchema = false)
    void shows_each_schedule_with_its_execution_dates_shifted_off_holidays(TestDatabase db) {
        String output = run(db.url());

        assertThat(output).contains("schema installed")
                .contains("2026-12-25 Fri  ->  executes 2026-12-24 Thu  (성탄절 (Christmas))") // salary, PREVIOUS
                .contains("2026-12-25 Fri  ->  executes 2026-12-28 Mon  (성탄절 (Christmas))") // gift, NEXT
                .contains("2027-01-01 Fri  ->  executes 2027-01-04 Mon  (1월 1일 (New Year's Day))") // power bill, NEXT
                .contains("2027-01-31 Sun  ->  executes 2027-01-29 Fri  (weekend)") // savings, MODIFIED_FOLLOWING
                .contains("2027-02-28 Sun  ->  executes 2027-03-02 Tue") // rent: Mar 1 is a holiday too
                .contains("2027-05-01 Sat  ->  executes 2027-05-03 Mon"); // power bill: May 1 bank-closed, a Saturday
    }

    @DatabaseTest(installSchema = false)
    void a_second_run_on_the_same_database_finds_its_schedules_instead_of_duplicating_them(TestDatabase db) {
        String first = run(db.url());
        String second = run(db.url());

        assertThat(second).contains("schema already installed");
        assertThat(second.substring(second.indexOf("Registering")))
                .isEqualTo(first.substring(first.indexOf("Registering")));
        long schedules = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM at_schedule")
                .mapTo(Long.class).one());
        assertThat(schedules).isEqualTo(ExampleSchedules.all().size());
    }

    @Test
    void bad_options_name_the_option_and_the_value() {
        assertThatThrownBy(() -> ExampleOptions.parse("--occurrences", "many"))
                .hasMessageContaining("--occurrences").hasMessageContaining("'many'");
        assertThatThrownBy(() -> ExampleOptions.parse("--jdbc-url", "postgres://x?password=secret"))
                .hasMessageContaining("--jdbc-url").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ExampleOptions.parse("--frobnicate"))
                .hasMessageContaining("--frobnicate");
    }

    private static String run(String url) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new PayServiceApp(ExampleOptions.parse("--jdbc-url", url, "--occurrences", "6"), NOV_25,
                new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
