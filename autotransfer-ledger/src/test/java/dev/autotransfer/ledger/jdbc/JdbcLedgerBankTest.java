package dev.autotransfer.ledger.jdbc;

import static dev.autotransfer.ledger.jdbc.LedgerChecks.assertConserved;
import static dev.autotransfer.ledger.jdbc.LedgerChecks.count;
import static dev.autotransfer.ledger.jdbc.LedgerChecks.together;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.ledger.Account;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.DailyLimitExceededException;
import dev.autotransfer.ledger.NewCustomer;
import dev.autotransfer.ledger.Pull;
import dev.autotransfer.ledger.PullStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The ledger's own bank on every database: top-ups from linked accounts under the daily limit, moves
 * into savings, payouts to other banks through holds, and the bank-client contract (once per key,
 * refusals final) under races and crashes. Every pull is checked against the simulated linked bank's
 * own record of what it executed, and every balance against the ledger's entries.
 */
class JdbcLedgerBankTest {

    /** 10:00 in Seoul on 2026-12-01. */
    private static final Instant START = Instant.parse("2026-12-01T01:00:00Z");
    private static final String LINKED_BANK = "004";
    private static final String PAYEE_BANK = "088";
    private static final AccountRef SETTLEMENT_AT_LINKED = AccountRef.of(LINKED_BANK, "900-000-000001");
    private static final AccountRef SETTLEMENT_AT_PAYEE = AccountRef.of(PAYEE_BANK, "900-000-000002");
    private static final AccountRef PAYEE = AccountRef.of(PAYEE_BANK, "300-555-000123");

    @DatabaseTest
    void a_short_main_account_pulls_the_shortfall_once_then_moves_into_savings(TestDatabase db) {
        World w = new World(db);
        Customer user = w.signUp("user-1", 10_000_000);
        long savings = w.ledger.openSavings(user.id(), "Savings").id();
        w.ledger.deposit("salary", user.mainAccountId(), Money.krw(10_000));
        TransferRequest installment = w.request("k-1", user.mainAccountId(), w.bank.accountRef(savings), 50_000);

        TransferOutcome first = w.bank.transfer(installment);
        TransferOutcome again = w.bank.transfer(installment);

        assertThat(first).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(((TransferOutcome.Accepted) first).echoes(installment)).isTrue();
        assertThat(again).as("a re-send answers the first outcome").isEqualTo(first);
        assertThat(w.bank.inquire("k-1")).isEqualTo(new InquiryResult.Executed((TransferOutcome.Accepted) first));
        List<ExecutedDebit> pulls = w.pullsAtLinkedBank();
        assertThat(pulls).as("the linked bank's own record: one pull of the shortfall").hasSize(1);
        assertThat(pulls.get(0).amount()).isEqualTo(Money.krw(40_000));
        assertThat(pulls.get(0).source()).isEqualTo(user.linkedAccount());
        assertThat(w.sim.balance(user.linkedAccount())).isEqualTo(Money.krw(10_000_000 - 40_000));
        assertThat(w.available(user.mainAccountId())).isEqualTo(Money.krw(0));
        assertThat(w.available(savings)).isEqualTo(Money.krw(50_000));
        assertThat(w.bank.pulledToday(user.id())).isEqualTo(Money.krw(40_000));
        assertThat(count(db, "SELECT COUNT(*) FROM at_movement WHERE kind = 'MOVE'")).isEqualTo(1);
        assertConserved(db);
    }

    @DatabaseTest
    void a_pull_past_the_daily_limit_is_refused_clearly_and_nothing_is_pulled(TestDatabase db) {
        World w = new World(db);
        Customer user = w.signUp("user-1", 10_000_000);
        assertThat(w.bank.topUp("top-1", user.id(), Money.krw(2_500_000)).status()).isEqualTo(PullStatus.COMPLETE);

        assertThatThrownBy(() -> w.bank.topUp("top-2", user.id(), Money.krw(600_000)))
                .isInstanceOfSatisfying(DailyLimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(Money.krw(3_000_000));
                    assertThat(e.used()).isEqualTo(Money.krw(2_500_000));
                    assertThat(e.requested()).isEqualTo(Money.krw(600_000));
                    assertThat(e.businessDate()).isEqualTo(LocalDate.of(2026, 12, 1));
                    assertThat(e.getMessage()).contains("customer " + user.id()).contains("2026-12-01");
                });
        assertThat(w.bank.pull("top-2")).as("nothing recorded").isEmpty();
        assertThat(w.pullsAtLinkedBank()).as("nothing sent").hasSize(1);

        // a standing order that needs the same top-up is refused for good, also after money arrives
        long payee = w.ledger.openSavings(user.id(), "Goal").id();
        w.ledger.withdraw("spend", user.mainAccountId(), Money.krw(2_500_000));
        TransferRequest order = w.request("k-limit", user.mainAccountId(), w.bank.accountRef(payee), 600_000);
        TransferOutcome refused = w.bank.transfer(order);
        assertThat(refused).isInstanceOfSatisfying(TransferOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.LIMIT_EXCEEDED);
            assertThat(r.retryable()).isTrue();
        });
        w.ledger.deposit("late salary", user.mainAccountId(), Money.krw(1_000_000));
        assertThat(w.bank.transfer(order)).as("a refused key never executes later").isEqualTo(refused);
        assertThat(w.available(payee)).isEqualTo(Money.krw(0));

        // the limit counts the day in Seoul: 23:59 is still the same day, 00:00 the next
        w.clock.setInstant(Instant.parse("2026-12-01T14:59:00Z"));
        assertThatThrownBy(() -> w.bank.topUp("top-3", user.id(), Money.krw(600_000)))
                .isInstanceOf(DailyLimitExceededException.class);
        w.clock.setInstant(Instant.parse("2026-12-01T15:00:00Z"));
        Pull tomorrow = w.bank.topUp("top-3", user.id(), Money.krw(600_000));
        assertThat(tomorrow.status()).isEqualTo(PullStatus.COMPLETE);
        assertThat(tomorrow.businessDate()).isEqualTo(LocalDate.of(2026, 12, 2));
        assertThat(w.pullsAtLinkedBank()).hasSize(2);
        assertConserved(db);
    }

    @DatabaseTest
    void concurrent_pulls_each_under_the_limit_never_pass_it_together(TestDatabase db) throws Exception {
        World w = new World(db, 16);
        Customer user = w.signUp("user-1", 10_000_000);

        List<Object> answers = together(16, i -> () -> {
            try {
                return w.bank.topUp("top-" + i, user.id(), Money.krw(400_000));
            } catch (DailyLimitExceededException e) {
                return e;
            }
        });

        long completed = answers.stream().filter(a -> a instanceof Pull p && p.status() == PullStatus.COMPLETE).count();
        long refused = answers.stream().filter(a -> a instanceof DailyLimitExceededException).count();
        assertThat(completed).as("7 x 400,000 fits under 3,000,000; an 8th does not").isEqualTo(7);
        assertThat(refused).isEqualTo(9);
        List<ExecutedDebit> pulls = w.pullsAtLinkedBank();
        assertThat(pulls).hasSize(7);
        assertThat(pulls.stream().mapToLong(d -> d.amount().minorUnits()).sum()).isEqualTo(2_800_000);
        assertThat(w.available(user.mainAccountId())).isEqualTo(Money.krw(2_800_000));
        assertThat(w.bank.pulledToday(user.id())).isEqualTo(Money.krw(2_800_000));
        assertConserved(db);
    }

    @DatabaseTest
    void a_crash_after_the_linked_bank_executed_the_pull_is_recovered_exactly_once(TestDatabase db) {
        World w = new World(db);
        Customer user = w.signUp("user-1", 10_000_000);
        JdbcLedgerBank crashing = w.bankWithLinkedClient(new CrashAfterExecuting(w.sim.client(LINKED_BANK)));

        assertThatThrownBy(() -> crashing.topUp("top-1", user.id(), Money.krw(300_000)))
                .isInstanceOf(CrashAfterExecuting.Crash.class);
        Pull pending = w.bank.pull("top-1").orElseThrow();
        assertThat(pending.status()).isEqualTo(PullStatus.PENDING);
        assertThat(w.sim.executionCount(pending.idempotencyKey())).as("the linked bank executed it").isEqualTo(1);
        assertThat(w.available(user.mainAccountId())).as("not credited yet").isEqualTo(Money.krw(0));
        assertThat(w.bank.pulledToday(user.id())).as("a pending pull keeps its share of the limit")
                .isEqualTo(Money.krw(300_000));

        // a fresh process: recovery asks the bank first and never sends the key again
        assertThat(w.bank.resolvePendingPulls(10)).isEqualTo(1);
        assertThat(w.bank.topUp("top-1", user.id(), Money.krw(300_000)).status()).isEqualTo(PullStatus.COMPLETE);
        assertThat(w.sim.executionCount(pending.idempotencyKey())).isEqualTo(1);
        assertThat(w.pullsAtLinkedBank()).hasSize(1);
        assertThat(w.available(user.mainAccountId())).isEqualTo(Money.krw(300_000));
        assertThat(w.bank.resolvePendingPulls(10)).as("nothing left pending").isZero();

        // the same crash inside a standing order's top-up: the engine's re-send of its key finishes it
        long savings = w.ledger.openSavings(user.id(), "Savings").id();
        TransferRequest installment = w.request("k-2", user.mainAccountId(), w.bank.accountRef(savings), 500_000);
        assertThatThrownBy(() -> crashing.transfer(installment)).isInstanceOf(CrashAfterExecuting.Crash.class);
        assertThat(w.bank.transfer(installment)).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(w.pullsAtLinkedBank()).extracting(ExecutedDebit::amount)
                .containsExactly(Money.krw(300_000), Money.krw(200_000));
        assertThat(w.available(savings)).isEqualTo(Money.krw(500_000));
        assertThat(w.available(user.mainAccountId())).isEqualTo(Money.krw(0));
        assertConserved(db);
    }

    @DatabaseTest
    void a_transfer_stays_open_while_its_pull_is_unknown_and_completes_once_the_bank_answers(TestDatabase db) {
        World w = new World(db);
        Customer user = w.signUp("user-1", 10_000_000);
        long savings = w.ledger.openSavings(user.id(), "Savings").id();
        TransferRequest installment = w.request("k-1", user.mainAccountId(), w.bank.accountRef(savings), 100_000);
        w.sim.scriptNextTransfer(LINKED_BANK, ScriptedFault.TIMEOUT_BEFORE_EXECUTING,
                ScriptedFault.TIMEOUT_BEFORE_EXECUTING, ScriptedFault.TIMEOUT_BEFORE_EXECUTING);

        TransferOutcome open = w.bank.transfer(installment);

        assertThat(open).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.IN_PROGRESS));
        assertThat(w.bank.pulledToday(user.id())).as("the unknown pull keeps its share").isEqualTo(Money.krw(100_000));
        Pull pull = w.bank.pull("at:transfer:k-1").orElseThrow();
        assertThat(pull.status()).isEqualTo(PullStatus.PENDING);
        assertThat(pull.sends()).as("retried with the same key").isEqualTo(3);
        assertThat(w.pullsAtLinkedBank()).isEmpty();

        // the engine inquires later: the inquiry takes the transfer on, and only the same key is sent
        InquiryResult later = w.bank.inquire("k-1");
        assertThat(later).isInstanceOf(InquiryResult.Executed.class);
        assertThat(w.pullsAtLinkedBank()).extracting(ExecutedDebit::idempotencyKey)
                .containsExactly(pull.idempotencyKey());
        assertThat(w.available(savings)).isEqualTo(Money.krw(100_000));
        assertConserved(db);
    }

    @DatabaseTest
    void a_payout_to_another_bank_holds_the_amount_posts_it_on_acceptance_and_voids_it_on_refusal(TestDatabase db) {
        World w = new World(db);
        Customer user = w.signUp("user-1", 10_000_000);
        w.ledger.deposit("salary", user.mainAccountId(), Money.krw(100_000));
        w.sim.openAccount(PAYEE, Money.krw(0));

        TransferRequest bill = w.request("bill-1", user.mainAccountId(), PAYEE, 30_000);
        w.sim.scriptNextTransfer(PAYEE_BANK, ScriptedFault.TIMEOUT_AFTER_EXECUTING);
        TransferOutcome unknown = w.bank.transfer(bill);
        assertThat(unknown).isInstanceOf(TransferOutcome.Unknown.class);
        Account during = w.ledger.account(user.mainAccountId()).orElseThrow();
        assertThat(during.held()).as("held while the payout is unknown").isEqualTo(Money.krw(30_000));
        assertThat(during.posted()).isEqualTo(Money.krw(100_000));

        assertThat(w.bank.inquire("bill-1")).isInstanceOf(InquiryResult.Executed.class);
        assertThat(w.bank.transfer(bill)).isInstanceOf(TransferOutcome.Accepted.class);
        Account after = w.ledger.account(user.mainAccountId()).orElseThrow();
        assertThat(after.held()).isEqualTo(Money.krw(0));
        assertThat(after.posted()).isEqualTo(Money.krw(70_000));
        assertThat(w.sim.executedDebits()).filteredOn(d -> d.idempotencyKey().equals("bill-1"))
                .as("the payee bank executed the payout once").hasSize(1);
        assertThat(w.sim.balance(PAYEE)).isEqualTo(Money.krw(30_000));

        AccountRef closed = AccountRef.of(PAYEE_BANK, "300-555-000999");
        w.sim.openAccount(closed, Money.krw(0));
        w.sim.closeAccount(closed);
        TransferRequest refusedBill = w.request("bill-2", user.mainAccountId(), closed, 20_000);
        TransferOutcome refused = w.bank.transfer(refusedBill);
        assertThat(refused).isInstanceOfSatisfying(TransferOutcome.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(RejectionCode.ACCOUNT_CLOSED));
        assertThat(w.available(user.mainAccountId())).as("the void gave the hold back").isEqualTo(Money.krw(70_000));
        assertThat(w.bank.inquire("bill-2")).isEqualTo(new InquiryResult.Rejected((TransferOutcome.Rejected) refused));
        assertConserved(db);
    }

    @DatabaseTest
    void eight_nodes_sending_one_key_that_needs_a_top_up_execute_it_once(TestDatabase db) throws Exception {
        World w = new World(db, 16);
        Customer user = w.signUp("user-1", 10_000_000);
        long savings = w.ledger.openSavings(user.id(), "Savings").id();
        TransferRequest installment = w.request("k-race", user.mainAccountId(), w.bank.accountRef(savings), 70_000);

        List<TransferOutcome> answers = together(8, i -> () -> w.bank.transfer(installment));
        TransferOutcome settled = w.bank.transfer(installment);

        assertThat(settled).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(answers).as("every racer answers the one outcome or that it is still in progress")
                .allSatisfy(a -> assertThat(a.equals(settled) || a instanceof TransferOutcome.Unknown).isTrue());
        assertThat(w.pullsAtLinkedBank()).as("one pull at the linked bank").hasSize(1);
        assertThat(count(db, "SELECT COUNT(*) FROM at_movement WHERE kind = 'MOVE'")).isEqualTo(1);
        assertThat(w.available(savings)).isEqualTo(Money.krw(70_000));
        assertConserved(db);
    }

    @DatabaseTest
    void bad_requests_are_refused_with_the_field_and_a_reused_key_executes_nothing(TestDatabase db) {
        World w = new World(db);
        Customer user = w.signUp("user-1", 10_000_000);
        long savings = w.ledger.openSavings(user.id(), "Savings").id();
        w.ledger.deposit("salary", user.mainAccountId(), Money.krw(100_000));

        TransferOutcome notOurs = w.bank.transfer(new TransferRequest("k-1", AccountRef.of("004", "123-456"),
                w.bank.accountRef(savings), Money.krw(1_000), "", START));
        assertThat(notOurs).isInstanceOfSatisfying(TransferOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(RejectionCode.INVALID_ACCOUNT);
            assertThat(r.message()).contains("source").doesNotContain("123-456");
        });
        TransferOutcome noSuchAccount = w.bank.transfer(w.request("k-2", user.mainAccountId(),
                w.bank.accountRef(999_999), 1_000));
        assertThat(noSuchAccount).isInstanceOfSatisfying(TransferOutcome.Rejected.class,
                r -> assertThat(r.message()).contains("destination"));

        TransferRequest original = w.request("k-3", user.mainAccountId(), w.bank.accountRef(savings), 1_000);
        assertThat(w.bank.transfer(original)).isInstanceOf(TransferOutcome.Accepted.class);
        TransferOutcome reused = w.bank.transfer(w.request("k-3", user.mainAccountId(), w.bank.accountRef(savings),
                9_000));
        assertThat(reused).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.KEY_REUSED_WITH_OTHER_BODY));
        assertThat(w.available(savings)).isEqualTo(Money.krw(1_000));
        assertThat(w.bank.inquire("k-unknown")).isInstanceOf(InquiryResult.NotFound.class);

        assertThatThrownBy(() -> w.bank.topUp("top-1", user.id(), Money.krw(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount");
        assertThatThrownBy(() -> w.bank.topUp("top-1", 424_242, Money.krw(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customerId 424242");
        assertThatThrownBy(() -> w.bank.accountRef(0)).hasMessageContaining("accountId");
        assertConserved(db);
    }

    // ---------------------------------------------------------------- fixture

    /** A database, a simulated linked bank and payee bank, and the ledger's bank over them. */
    private static final class World {
        final MutableClock clock = new MutableClock(START);
        final SimulatedBank sim = new SimulatedBank(7L, clock, Sleeper.none());
        final JdbcLedger ledger;
        final JdbcLedgerBank bank;

        World(TestDatabase db) {
            this(db, 6);
        }

        World(TestDatabase db, int connections) {
            for (String code : List.of(LINKED_BANK, PAYEE_BANK)) {
                sim.configure(code, SimulatedBankConfig.custom().requestsPerSecond(1_000_000).build());
            }
            sim.openAccount(SETTLEMENT_AT_LINKED, Money.krw(0));
            sim.openAccount(SETTLEMENT_AT_PAYEE, Money.krw(1_000_000_000));
            ledger = JdbcLedger.create(db.appPool(connections), db.dialect(), clock);
            bank = bankWithLinkedClient(sim.client(LINKED_BANK));
        }

        JdbcLedgerBank bankWithLinkedClient(BankClient linked) {
            return JdbcLedgerBank.builder(ledger)
                    .outsideBank(SETTLEMENT_AT_LINKED, linked)
                    .outsideBank(SETTLEMENT_AT_PAYEE, sim.client(PAYEE_BANK))
                    .terms(new BankTerms(sim.client(LINKED_BANK).terms().keyRetention(), 1_000))
                    .build();
        }

        Customer signUp(String reference, long linkedBalance) {
            AccountRef linked = AccountRef.of(LINKED_BANK, "110-" + Math.abs(reference.hashCode()));
            sim.openAccount(linked, Money.krw(linkedBalance));
            return ledger.signUp(NewCustomer.of(reference, linked));
        }

        TransferRequest request(String key, long sourceAccount, AccountRef destination, long amount) {
            return new TransferRequest(key, bank.accountRef(sourceAccount), destination, Money.krw(amount),
                    "standing order", clock.instant());
        }

        Money available(long accountId) {
            return ledger.account(accountId).orElseThrow().available();
        }

        /** The linked bank's own record of the pulls it executed, in order. */
        List<ExecutedDebit> pullsAtLinkedBank() {
            return sim.executedDebits().stream()
                    .filter(d -> d.destination().equals(SETTLEMENT_AT_LINKED)).toList();
        }
    }
}
