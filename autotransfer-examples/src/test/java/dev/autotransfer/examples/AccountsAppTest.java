package dev.autotransfer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.ledger.Account;
import dev.autotransfer.ledger.Customer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The accounts example on each database, checked against the simulated banks' own record: the short
 * customers are topped up by exactly their shortfall, the order past the daily limit is refused with
 * nothing pulled for it, and every balance equals its entries.
 */
class AccountsAppTest {

    @DatabaseTest(installSchema = false)
    void top_ups_cover_exactly_the_shortfalls_and_the_order_past_the_daily_limit_is_refused(TestDatabase db) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AccountsApp.Result result = new AccountsApp(db.url(), Clock.systemUTC(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(result.conserved()).as(output).isTrue();
        assertThat(result.outcomes()).hasSize(6);
        result.outcomes().forEach((order, outcome) -> {
            if (order.equals("hyun installment")) {
                assertThat(outcome).as(order).startsWith("FAILED LIMIT_EXCEEDED");
            } else {
                assertThat(outcome).as(order).startsWith("SUCCEEDED");
            }
        });

        // the linked bank's own record: one or two pulls per short customer, summing to the shortfall
        Map<String, Long> pulledByLinkedAccount = result.executed().stream()
                .filter(d -> d.destination().equals(AccountsApp.SETTLEMENT_LINKED))
                .collect(Collectors.groupingBy(d -> d.source().accountNumber(),
                        Collectors.summingLong(d -> d.amount().minorUnits())));
        Customer jisoo = result.customers().get("jisoo");
        Customer hyun = result.customers().get("hyun");
        assertThat(pulledByLinkedAccount).containsOnlyKeys(jisoo.linkedAccount().accountNumber(),
                hyun.linkedAccount().accountNumber());
        assertThat(pulledByLinkedAccount.get(jisoo.linkedAccount().accountNumber()))
                .as("200,000 + 38,000 from 50,000").isEqualTo(188_000);
        assertThat(pulledByLinkedAccount.get(hyun.linkedAccount().accountNumber()))
                .as("only the bill: the installment is past the limit").isEqualTo(45_000);
        List<ExecutedDebit> payouts = result.executed().stream()
                .filter(d -> d.source().equals(AccountsApp.SETTLEMENT_BILLERS)).toList();
        assertThat(payouts).extracting(d -> d.amount().minorUnits()).containsExactlyInAnyOrder(62_000L, 38_000L,
                45_000L);

        assertThat(balances(result.accounts().get("minji"))).containsExactly(438_000L, 300_000L);
        assertThat(balances(result.accounts().get("jisoo"))).containsExactly(0L, 200_000L);
        assertThat(balances(result.accounts().get("hyun"))).containsExactly(0L, 0L);
        assertThat(output).contains("Accounts and their ledger").contains("TOP_UP").contains("PAYMENT")
                .contains("LIMIT_EXCEEDED").doesNotContain(jisoo.linkedAccount().accountNumber());
    }

    private static List<Long> balances(List<Account> accounts) {
        return accounts.stream().map(Account::posted).map(Money::minorUnits).toList();
    }
}
