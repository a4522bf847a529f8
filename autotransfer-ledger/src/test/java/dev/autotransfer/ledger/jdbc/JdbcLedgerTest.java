package dev.autotransfer.ledger.jdbc;

import static dev.autotransfer.ledger.jdbc.LedgerChecks.assertConserved;
import static dev.autotransfer.ledger.jdbc.LedgerChecks.count;
import static dev.autotransfer.ledger.jdbc.LedgerChecks.together;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.ledger.Account;
import dev.autotransfer.ledger.AccountKind;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.Hold;
import dev.autotransfer.ledger.HoldStatus;
import dev.autotransfer.ledger.InsufficientFundsException;
import dev.autotransfer.ledger.LedgerReferenceConflictException;
import dev.autotransfer.ledger.Movement;
import dev.autotransfer.ledger.MovementKind;
import dev.autotransfer.ledger.NewCustomer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The ledger on every database: exactly once by reference, double entry, never negative, holds that
 * settle once; concurrent calls lose nothing and count nothing twice. Every total is checked against
 * the entries the database holds, not against the ledger's own answers alone.
 */
class JdbcLedgerTest {

    private static final AccountRef LINKED = AccountRef.of("004", "110-222-333444");

    @DatabaseTest
    void seven_concurrent_deposits_of_1000_onto_10000_make_exactly_seven_transactions_and_17000(TestDatabase db)
            throws Exception {
        JdbcLedger ledger = ledger(db, 8);
        long main = ledger.signUp(NewCustomer.of("user-1", LINKED)).mainAccountId();
        ledger.deposit("opening", main, Money.krw(10_000));

        List<Movement> deposits = together(7, i -> () -> ledger.deposit("deposit-" + i, main, Money.krw(1_000)));

        assertThat(deposits).extracting(Movement::id).doesNotHaveDuplicates().hasSize(7);
        assertThat(ledger.account(main).orElseThrow().posted()).isEqualTo(Money.krw(17_000));
        assertThat(ledger.entries(main)).as("the opening deposit and exactly seven more").hasSize(8);
        assertThat(ledger.entrySum(main)).isEqualTo(Money.krw(17_000));
        assertConserved(db);
    }

    @DatabaseTest
    void thirty_two_threads_of_mixed_movements_lose_nothing_and_never_overdraw(TestDatabase db) throws Exception {
        int threads = 32;
        int perThread = db.dialect() == Dialect.H2 ? 120 : 60;
        JdbcLedger ledger = ledger(db, threads);
        List<Long> accounts = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Customer customer = ledger.signUp(NewCustomer.of("user-" + c, LINKED));
            accounts.add(customer.mainAccountId());
            accounts.add(ledger.openSavings(customer.id(), "Savings").id());
            ledger.deposit("opening-" + c, customer.mainAccountId(), Money.krw(5_000));
        }
        AtomicLong refused = new AtomicLong();

        List<List<Movement>> done = together(threads, t -> () -> {
            SplittableRandom random = new SplittableRandom(t);
            List<Movement> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                String reference = "t" + t + "-" + i;
                long a = accounts.get(random.nextInt(accounts.size()));
                long b = accounts.get(random.nextInt(accounts.size()));
                Money amount = Money.krw(1 + random.nextInt(3_000));
                try {
                    int kind = random.nextInt(3);
                    if (kind == 0) {
                        mine.add(ledger.deposit(reference, a, amount));
                    } else if (kind == 1) {
                        mine.add(ledger.withdraw(reference, a, amount));
                    } else if (a != b) {
                        mine.add(ledger.move(reference, a, b, amount));
                    }
                    if (random.nextInt(10) == 0 && !mine.isEmpty()) {
                        // a repeat of an earlier call: answers what was recorded, moves nothing
                        Movement earlier = mine.get(random.nextInt(mine.size()));
                        Movement again = repeat(ledger, earlier);
                        assertThat(again.id()).isEqualTo(earlier.id());
                    }
                } catch (InsufficientFundsException e) {
                    refused.incrementAndGet();
                }
            }
            return mine;
        });

        long movements = done.stream().mapToLong(List::size).sum();
        assertThat(count(db, "SELECT COUNT(*) FROM at_movement"))
                .as("one movement per accepted call (4 openings besides)").isEqualTo(movements + 4);
        assertThat(refused.get()).as("some withdrawals were refused, so the never-negative rule was exercised")
                .isPositive();
        for (long account : accounts) {
            long expected = 0;
            for (List<Movement> list : done) {
                for (Movement m : list) {
                    expected += m.creditAccountId() == account ? m.amount().minorUnits() : 0;
                    expected -= m.debitAccountId() == account ? m.amount().minorUnits() : 0;
                }
            }
            expected += openingOf(ledger, account);
            Account read = ledger.account(account).orElseThrow();
            assertThat(read.posted().minorUnits()).as("account " + account + " from the accepted calls")
                    .isEqualTo(expected);
            assertThat(read.available().isNegative()).isFalse();
        }
        assertConserved(db);
    }

    @DatabaseTest
    void a_withdrawal_beyond_the_available_balance_is_refused_and_records_nothing(TestDatabase db) {
        JdbcLedger ledger = ledger(db, 2);
        long main = ledger.signUp(NewCustomer.of("user-1", LINKED)).mainAccountId();
        ledger.deposit("in", main, Money.krw(1_000));

        assertThatThrownBy(() -> ledger.withdraw("out", main, Money.krw(1_001)))
                .isInstanceOf(InsufficientFundsException.class)
                .hasMessage("account " + main + " has 1000 KRW available, 1001 KRW was requested");

        assertThat(ledger.movement("out")).isEmpty();
        assertThat(ledger.account(main).orElseThrow().posted()).isEqualTo(Money.krw(1_000));
        assertThat(ledger.entries(main)).hasSize(1);
        assertThat(ledger.withdraw("out", main, Money.krw(1_000)).kind()).as("the same reference may try again")
                .isEqualTo(MovementKind.WITHDRAWAL);
        assertThat(ledger.account(main).orElseThrow().posted()).isEqualTo(Money.krw(0));
        assertConserved(db);
    }

    @DatabaseTest
    void a_reference_moves_money_once_and_refuses_other_content(TestDatabase db) throws Exception {
        JdbcLedger ledger = ledger(db, 8);
        Customer customer = ledger.signUp(NewCustomer.of("user-1", LINKED));
        long main = customer.mainAccountId();
        long savings = ledger.openSavings(customer.id(), "Savings").id();
        ledger.deposit("in", main, Money.krw(10_000));

        List<Movement> racers = together(8, i -> () -> ledger.move("to-savings", main, savings, Money.krw(3_000)));

        assertThat(racers).extracting(Movement::id).as("eight nodes sending one move").containsOnly(racers.get(0).id());
        assertThat(ledger.account(main).orElseThrow().posted()).isEqualTo(Money.krw(7_000));
        assertThat(ledger.account(savings).orElseThrow().posted()).isEqualTo(Money.krw(3_000));
        assertThatThrownBy(() -> ledger.move("to-savings", main, savings, Money.krw(3_001)))
                .isInstanceOf(LedgerReferenceConflictException.class)
                .hasMessageContaining("reference 'to-savings'")
                .hasMessageContaining("this call asked for MOVE of 3001 KRW");
        assertThatThrownBy(() -> ledger.deposit("to-savings", main, Money.krw(3_000)))
                .isInstanceOf(LedgerReferenceConflictException.class);
        assertThat(ledger.account(main).orElseThrow().posted()).isEqualTo(Money.krw(7_000));
        assertConserved(db);
    }

    @DatabaseTest
    void a_hold_lowers_the_available_balance_and_is_posted_or_voided_exactly_once(TestDatabase db) throws Exception {
        JdbcLedger ledger = ledger(db, 8);
        long main = ledger.signUp(NewCustomer.of("user-1", LINKED)).mainAccountId();
        ledger.deposit("in", main, Money.krw(10_000));

        Hold hold = ledger.placeHold("pay-1", main, Money.krw(6_000));
        assertThat(hold.status()).isEqualTo(HoldStatus.PENDING);
        Account held = ledger.account(main).orElseThrow();
        assertThat(held.posted()).isEqualTo(Money.krw(10_000));
        assertThat(held.available()).isEqualTo(Money.krw(4_000));
        assertThatThrownBy(() -> ledger.withdraw("out", main, Money.krw(4_001)))
                .as("the held amount is not available").isInstanceOf(InsufficientFundsException.class);
        assertThatThrownBy(() -> ledger.placeHold("pay-2", main, Money.krw(4_001)))
                .isInstanceOf(InsufficientFundsException.class);
        assertThat(ledger.placeHold("pay-1", main, Money.krw(6_000)).id()).as("the same hold again")
                .isEqualTo(hold.id());

        List<Hold> posts = together(6, i -> () -> ledger.postHold("pay-1"));

        assertThat(posts).extracting(Hold::status).containsOnly(HoldStatus.POSTED);
        assertThat(posts).extracting(h -> h.movementId().orElseThrow()).containsOnly(posts.get(0).movementId()
                .orElseThrow());
        Account after = ledger.account(main).orElseThrow();
        assertThat(after.posted()).isEqualTo(Money.krw(4_000));
        assertThat(after.held()).isEqualTo(Money.krw(0));
        assertThat(ledger.movement("pay-1").orElseThrow().kind()).isEqualTo(MovementKind.PAYMENT);
        assertThatThrownBy(() -> ledger.voidHold("pay-1")).isInstanceOf(LedgerReferenceConflictException.class)
                .hasMessage("reference 'pay-1': the hold is already POSTED, it cannot be VOIDED");

        ledger.placeHold("pay-3", main, Money.krw(4_000));
        assertThat(ledger.voidHold("pay-3").status()).isEqualTo(HoldStatus.VOIDED);
        assertThat(ledger.voidHold("pay-3").status()).as("voided again: no second release").isEqualTo(HoldStatus.VOIDED);
        assertThat(ledger.account(main).orElseThrow().available()).isEqualTo(Money.krw(4_000));
        assertThat(ledger.account(main).orElseThrow().held()).isEqualTo(Money.krw(0));
        assertConserved(db);
    }

    @DatabaseTest
    void a_post_racing_a_void_settles_the_hold_one_way_and_moves_the_balance_once(TestDatabase db) throws Exception {
        JdbcLedger ledger = ledger(db, 8);
        long main = ledger.signUp(NewCustomer.of("user-1", LINKED)).mainAccountId();
        ledger.deposit("in", main, Money.krw(100_000));
        for (int round = 0; round < 10; round++) {
            String reference = "pay-" + round;
            ledger.placeHold(reference, main, Money.krw(1_000));
            List<Object> answers = together(6, i -> () -> {
                try {
                    return i % 2 == 0 ? ledger.postHold(reference) : ledger.voidHold(reference);
                } catch (LedgerReferenceConflictException e) {
                    return e;
                }
            });
            HoldStatus settled = ledger.hold(reference).orElseThrow().status();
            assertThat(settled).isIn(HoldStatus.POSTED, HoldStatus.VOIDED);
            assertThat(answers).filteredOn(Hold.class::isInstance).extracting(a -> ((Hold) a).status())
                    .containsOnly(settled);
        }
        long posted = count(db, "SELECT COUNT(*) FROM at_hold WHERE status = 'POSTED'");
        Account after = ledger.account(main).orElseThrow();
        assertThat(after.posted()).isEqualTo(Money.krw(100_000 - 1_000 * posted));
        assertThat(after.held()).isEqualTo(Money.krw(0));
        assertThat(count(db, "SELECT COUNT(*) FROM at_movement WHERE kind = 'PAYMENT'")).isEqualTo(posted);
        assertConserved(db);
    }

    @DatabaseTest
    void sign_up_is_idempotent_by_client_reference_and_opens_savings(TestDatabase db) {
        JdbcLedger ledger = ledger(db, 2);
        Customer customer = ledger.signUp(NewCustomer.of("user-1", LINKED));

        assertThat(ledger.signUp(NewCustomer.of("user-1", LINKED))).isEqualTo(customer);
        assertThat(customer.dailyPullLimit()).isEqualTo(Money.krw(3_000_000));
        assertThat(customer.zone()).isEqualTo(ZoneId.of("Asia/Seoul"));
        assertThat(customer.toString()).doesNotContain("110-222-333444");
        assertThatThrownBy(() -> ledger.signUp(NewCustomer.of("user-1", AccountRef.of("088", "999-888-7777"))))
                .isInstanceOf(LedgerReferenceConflictException.class)
                .hasMessageContaining("differing fields: linkedAccount")
                .hasMessageNotContaining("999-888-7777");
        Account savings = ledger.openSavings(customer.id(), "Holiday fund");
        assertThat(ledger.accounts(customer.id())).extracting(Account::kind)
                .containsExactly(AccountKind.MAIN, AccountKind.SAVINGS);
        assertThat(savings.available()).isEqualTo(Money.krw(0));
        assertThatThrownBy(() -> ledger.openSavings(987_654, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("customerId 987654 does not exist");
        assertThatThrownBy(() -> ledger.deposit("d", customer.mainAccountId(), Money.of(100, "USD")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount 1.00 USD is not in the currency of accountId " + customer.mainAccountId()
                        + " (KRW)");
        assertThatThrownBy(() -> ledger.move("m", savings.id(), savings.id(), Money.krw(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a move needs two accounts");
        assertThatThrownBy(() -> ledger.withdraw("w", customer.mainAccountId(), Money.krw(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("amount must be positive, was 0 KRW");
    }

    @DatabaseTest
    void the_application_role_cannot_rewrite_movements_or_entries(TestDatabase db) {
        JdbcLedger ledger = ledger(db, 2);
        long main = ledger.signUp(NewCustomer.of("user-1", LINKED)).mainAccountId();
        ledger.deposit("in", main, Money.krw(1_000));
        Jdbi app = db.appJdbi();

        for (String statement : List.of("UPDATE at_movement SET amount_minor = 1",
                "DELETE FROM at_movement", "UPDATE at_ledger_entry SET amount_minor = 1", "DELETE FROM at_ledger_entry")) {
            assertThatThrownBy(() -> app.useHandle(h -> h.execute(statement))).as(statement)
                    .isInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> app.useHandle(h -> h.execute(
                "UPDATE at_account SET posted_minor = -1 WHERE id = " + main)))
                .as("the CHECK refuses a negative balance even to a direct update").isInstanceOf(RuntimeException.class);
        assertThat(ledger.entrySum(main)).isEqualTo(Money.krw(1_000));
        assertConserved(db);
    }

    // ---------------------------------------------------------------- helpers

    private static JdbcLedger ledger(TestDatabase db, int connections) {
        return JdbcLedger.create(db.appPool(connections), db.dialect(), TestDatabase.CLOCK);
    }

    private static Movement repeat(JdbcLedger ledger, Movement earlier) {
        return switch (earlier.kind()) {
            case DEPOSIT -> ledger.deposit(earlier.reference(), earlier.creditAccountId(), earlier.amount());
            case WITHDRAWAL -> ledger.withdraw(earlier.reference(), earlier.debitAccountId(), earlier.amount());
            default -> ledger.move(earlier.reference(), earlier.debitAccountId(), earlier.creditAccountId(),
                    earlier.amount());
        };
    }

    private static long openingOf(JdbcLedger ledger, long account) {
        for (int c = 0; c < 4; c++) {
            var opening = ledger.movement("opening-" + c);
            if (opening.isPresent() && opening.get().creditAccountId() == account) {
                return opening.get().amount().minorUnits();
            }
        }
        return 0;
    }
}
