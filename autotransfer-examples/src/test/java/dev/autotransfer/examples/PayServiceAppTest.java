package dev.autotransfer.examples;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example's day batch on each database, checked against history and the simulated banks' own
 * record: every transfer ends, none is debited twice, the summary tells the banks' truth, and a second
 * run finds its schedules.
 */
class PayServiceAppTest {

    private static final int SCHEDULES = 200;

    private record Run(BatchResult result, String output) {
    }

    @DatabaseTest(installSchema = false)
    void every_transfer_ends_no_bank_debits_one_twice_and_the_summary_tells_what_each_bank_recorded(TestDatabase db) {
        Run run = run(db.url());
        BatchResult result = run.result();

        assertThat(result.finished()).isTrue();
        assertThat(result.registration().created()).isEqualTo(SCHEDULES);
        assertThat(result.summary().stories().values()).hasSize(SCHEDULES).allSatisfy(story ->
                assertThat(OccurrenceOutcome.of(story).state()).as("%s", story)
                        .isIn(OccurrenceOutcome.State.SUCCEEDED, OccurrenceOutcome.State.DEAD_LETTERED));
        assertThat(result.banks().simulation().debitsByOccurrence().values()).allSatisfy(debits ->
                assertThat(debits).as("debits of one occurrence").hasSize(1));
        assertThat(result.banks().occurrencesExecutedMoreThanOnce()).isEmpty();
        assertThat(result.check().ok()).as("%s", result.check()).isTrue();
        assertThat(result.banks().outageStartedAt()).as("the outage was switched on mid-batch").isNotNull();
        assertThat(run.output()).contains("OK, no double debit").contains("CIRCUIT_OPEN (OUTAGE)");

        // the summary per bank tells what each bank recorded
        Map<String, Long> debitedByBank = result.banks().simulation().executedDebits().stream()
                .collect(Collectors.groupingBy(d -> d.source().bankCode(), Collectors.counting()));
        for (String bank : BatchBanks.CODES) {
            BatchSummary.Row row = result.summary().row(bank);
            assertThat(row.schedules()).as(bank).isEqualTo(SCHEDULES / BatchBanks.CODES.size());
            assertThat((long) row.succeeded()).as("%s succeeded", bank).isEqualTo(debitedByBank.getOrDefault(bank, 0L));
            assertThat(row.succeeded() + row.deadLettered()).as(bank).isEqualTo(row.schedules());
            assertThat(row.deadLetterEntries()).as(bank).isEqualTo(row.deadLettered());
            assertThat(row.pending()).as(bank).isZero();
            assertThat(result.debitsByBank().get(bank)).as(bank).isEqualTo(row.succeeded());
        }
        // the accounts opened short of funds (one in 25 at SHORT_FUNDS) can never pay
        assertThat(result.summary().row(BatchBanks.SHORT_FUNDS).deadLettered()).isGreaterThanOrEqualTo(2);
        assertThat(result.summary().row(BatchBanks.SLOW).deadLettered()).isZero();
        List<ExecutedDebit> debits = result.banks().simulation().executedDebits();
        assertThat(debits).hasSize(result.summary().total().succeeded());
    }

    @DatabaseTest(installSchema = false)
    void a_second_run_on_the_same_database_registers_nothing_and_debits_nothing(TestDatabase db) {
        Run first = run(db.url());
        Run second = run(db.url());

        assertThat(second.output()).contains("schema already installed")
                .contains("0 registered, 200 found from an earlier run");
        assertThat(second.result().registration().created()).isZero();
        assertThat(second.result().registration().entries()).isEqualTo(first.result().registration().entries());
        long schedules = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM at_schedule")
                .mapTo(Long.class).one());
        assertThat(schedules).isEqualTo(SCHEDULES);
        assertThat(second.result().banks().simulation().executedDebits()).isEmpty();
        assertThat(second.result().check().ok()).isTrue();
        for (String bank : BatchBanks.CODES) {
            assertThat(second.result().summary().row(bank)).isEqualTo(first.result().summary().row(bank));
        }
    }

    @DatabaseTest(dialects = dev.autotransfer.jdbc.api.Dialect.H2, installSchema = false)
    void the_report_tells_stories_masks_account_numbers_and_draws_no_bar_when_not_on_a_terminal(TestDatabase db) {
        String output = run(db.url()).output();

        assertThat(output).contains("progress: [").doesNotContain("\r")
                .contains("what happened to schedule #").contains("DEAD_LETTERED").contains("EXHAUSTED")
                .contains("the bank's own record: debited never")
                .doesNotContain("110-001-000001").doesNotContain("990-007-000001");
        assertThat(output.chars().allMatch(c -> c < 128)).as("plain ASCII").isTrue();
    }

    @Test
    void bad_options_name_the_option_and_the_value() {
        assertThatThrownBy(() -> ExampleOptions.parse("--schedules", "many"))
                .hasMessageContaining("--schedules").hasMessageContaining("'many'");
        assertThatThrownBy(() -> ExampleOptions.parse("--schedules", "2")).hasMessageContaining("'2'");
        assertThatThrownBy(() -> ExampleOptions.parse("--jdbc-url", "postgres://x?password=secret"))
                .hasMessageContaining("--jdbc-url").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ExampleOptions.parse("--frobnicate"))
                .hasMessageContaining("--frobnicate");
        assertThat(ExampleOptions.parse().schedules()).isEqualTo(ExampleOptions.DEFAULT_SCHEDULES);
    }

    private static Run run(String url) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BatchResult result = new PayServiceApp(ExampleOptions.parse("--jdbc-url", url, "--schedules",
                String.valueOf(SCHEDULES)), Clock.systemUTC(), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                false).run();
        return new Run(result, bytes.toString(StandardCharsets.UTF_8));
    }
}
