package dev.autotransfer.examples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.ledger.AccountLocks;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.DailyLimitExceededException;
import dev.autotransfer.ledger.InsufficientFundsException;
import dev.autotransfer.ledger.LockUnavailableException;
import dev.autotransfer.ledger.Movement;
import dev.autotransfer.ledger.NewCustomer;
import dev.autotransfer.ledger.PullStatus;
import dev.autotransfer.ledger.StaleLockException;
import dev.autotransfer.ledger.jdbc.JdbcLedger;
import dev.autotransfer.ledger.jdbc.JdbcLedgerBank;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis lock and the Redis daily-limit pre-check against real Redis servers, with the ledger on
 * H2, PostgreSQL and MariaDB: moves under the lock lose no update beside unlocked deposits; a holder
 * whose lock a restarted Redis forgot is refused by its fencing token; with Redis stopped, moves are
 * refused clearly, and a lock that lets every caller in at once (a failover) still loses nothing,
 * because of the fencing token and the accounts' versions; the pre-check refuses early, and the
 * database alone guards the limit when Redis forgot its counters or is down. Every balance is checked
 * against the ledger's entries in the database.
 */
class RedisLedgerTest {

    private static final AccountRef LINKED_SETTLEMENT = AccountRef.of("004", "900-000-000001");

    @DatabaseTest
    void moves_under_the_redis_lock_beside_unlocked_deposits_lose_no_update(TestDatabase db) throws Exception {
        try (TestRedis redis = TestRedis.shared()) {
            RedisAccountLocks locks = new RedisAccountLocks(redis.connect(), "at-test-" + System.nanoTime() + ":");
            JdbcLedger plain = JdbcLedger.create(db.appPool(20), db.dialect(), TestDatabase.CLOCK);
            JdbcLedger locked = plain.withLocks(locks, Duration.ofSeconds(5), Duration.ofSeconds(30));
            Customer customer = plain.signUp(NewCustomer.of("user-1", AccountRef.of("004", "110-000-0001")));
            long main = customer.mainAccountId();
            long savings = plain.openSavings(customer.id(), "Savings").id();
            plain.deposit("opening", main, Money.krw(100_000));

            List<List<Movement>> done = together(12, t -> () -> {
                SplittableRandom random = new SplittableRandom(t);
                List<Movement> mine = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    Money amount = Money.krw(1 + random.nextInt(20_000));
                    if (t % 3 == 0) {
                        mine.add(plain.deposit("d" + t + "-" + i, random.nextBoolean() ? main : savings, amount));
                        continue;
                    }
                    boolean out = random.nextBoolean();
                    try {
                        mine.add(locked.move("m" + t + "-" + i, out ? main : savings, out ? savings : main, amount));
                    } catch (InsufficientFundsException e) {
                        // refused: the source was short; recorded nothing
                    }
                }
                return mine;
            });

            assertBalancesAre(db, plain, List.of(main, savings), done, Map.of(main, 100_000L));
            assertThat(fence(db, customer.id())).as("the moves were fenced").isPositive();
        }
    }

    @DatabaseTest
    void a_holder_whose_lock_a_restarted_redis_forgot_is_refused_by_its_fencing_token(TestDatabase db) {
        try (TestRedis redis = TestRedis.own()) {
            StatefulRedisConnection<String, String> connection = redis.connect();
            RedisAccountLocks locks = new RedisAccountLocks(connection, "t:");
            JdbcLedger plain = JdbcLedger.create(db.appPool(6), db.dialect(), TestDatabase.CLOCK);
            Customer customer = plain.signUp(NewCustomer.of("user-1", AccountRef.of("004", "110-000-0001")));
            long main = customer.mainAccountId();
            long savings = plain.openSavings(customer.id(), "Savings").id();
            plain.deposit("opening", main, Money.krw(10_000));

            // a holder takes the lock and pauses (a long GC, say); Redis restarts and forgets the lock
            AccountLocks.Lease paused = locks.acquire("customer:" + customer.id(), Duration.ofMinutes(1),
                    Duration.ZERO);
            redis.restart(connection);
            Movement next = plain.withLocks(locks, Duration.ofSeconds(5), Duration.ofSeconds(1))
                    .move("next-holder", main, savings, Money.krw(1_000));
            assertThat(next.amount()).isEqualTo(Money.krw(1_000));

            // the paused holder wakes up and writes with its old lease
            JdbcLedger wokenUp = plain.withLocks((resource, ttl, wait) -> paused, Duration.ofSeconds(5),
                    Duration.ofSeconds(1));
            assertThatThrownBy(() -> wokenUp.move("stale-holder", main, savings, Money.krw(2_000)))
                    .isInstanceOf(StaleLockException.class)
                    .hasMessageContaining("fencing token " + paused.fencingToken());
            assertThat(plain.movement("stale-holder")).as("nothing recorded").isEmpty();
            assertThat(plain.account(main).orElseThrow().posted()).isEqualTo(Money.krw(9_000));
            assertThat(plain.account(savings).orElseThrow().posted()).isEqualTo(Money.krw(1_000));
            assertConserved(db, plain, List.of(main, savings));
        }
    }

    @DatabaseTest
    void with_redis_stopped_moves_are_refused_clearly_and_two_holders_at_once_still_lose_nothing(TestDatabase db)
            throws Exception {
        try (TestRedis redis = TestRedis.own()) {
            RedisAccountLocks locks = new RedisAccountLocks(redis.connect(), "t:");
            JdbcLedger plain = JdbcLedger.create(db.appPool(20), db.dialect(), TestDatabase.CLOCK);
            JdbcLedger locked = plain.withLocks(locks, Duration.ofSeconds(5), Duration.ofSeconds(1));
            Customer customer = plain.signUp(NewCustomer.of("user-1", AccountRef.of("004", "110-000-0001")));
            long main = customer.mainAccountId();
            long savings = plain.openSavings(customer.id(), "Savings").id();
            plain.deposit("opening", main, Money.krw(200_000));
            Movement before = locked.move("before-stop", main, savings, Money.krw(5_000));

            redis.stop();
            assertThatThrownBy(() -> locked.move("while-stopped", main, savings, Money.krw(5_000)))
                    .isInstanceOf(LockUnavailableException.class)
                    .hasMessageContaining("customer:" + customer.id()).hasMessageContaining("Redis");
            assertThat(plain.movement("while-stopped")).as("nothing recorded").isEmpty();

            // a lock service that fails over lets every caller in at once: the fence and the versions hold
            AtomicLong tokens = new AtomicLong(fence(db, customer.id()));
            JdbcLedger splitBrain = plain.withLocks((resource, ttl, wait) -> lease(tokens.incrementAndGet()),
                    Duration.ofSeconds(5), Duration.ZERO);
            AtomicLong stale = new AtomicLong();
            List<List<Movement>> done = together(10, t -> () -> {
                SplittableRandom random = new SplittableRandom(100 + t);
                List<Movement> mine = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    Money amount = Money.krw(1 + random.nextInt(30_000));
                    if (t % 4 == 0) {
                        mine.add(plain.deposit("d" + t + "-" + i, main, amount));
                        continue;
                    }
                    boolean out = random.nextBoolean();
                    try {
                        mine.add(splitBrain.move("m" + t + "-" + i, out ? main : savings, out ? savings : main,
                                amount));
                    } catch (StaleLockException | AutoTransferJdbcException e) {
                        stale.incrementAndGet(); // a later holder wrote first; nothing recorded
                    } catch (InsufficientFundsException e) {
                        // refused: the source was short
                    }
                }
                return mine;
            });
            done.add(List.of(before));

            assertThat(stale.get()).as("stale holders were refused, so the fence was exercised").isPositive();
            assertBalancesAre(db, plain, List.of(main, savings), done, Map.of(main, 200_000L));
        }
    }

    @DatabaseTest
    void the_redis_counter_refuses_early_and_the_database_alone_guards_the_limit_when_redis_forgets_or_stops(
            TestDatabase db) {
        try (TestRedis redis = TestRedis.own()) {
            StatefulRedisConnection<String, String> connection = redis.connect();
            SimulatedBank sim = new SimulatedBank(3L, TestDatabase.CLOCK, Sleeper.none());
            sim.configure("004", SimulatedBankConfig.custom().requestsPerSecond(1_000_000).build());
            sim.openAccount(LINKED_SETTLEMENT, Money.krw(0));
            AccountRef linked = AccountRef.of("004", "110-000-0001");
            sim.openAccount(linked, Money.krw(10_000_000));
            JdbcLedger ledger = JdbcLedger.create(db.appPool(6), db.dialect(), TestDatabase.CLOCK);
            JdbcLedgerBank bank = JdbcLedgerBank.builder(ledger).outsideBank(LINKED_SETTLEMENT, sim.client("004"))
                    .build();
            RedisPullPreCheck check = new RedisPullPreCheck(connection, "t:", Duration.ofHours(26));
            PreCheckedTopUps topUps = new PreCheckedTopUps(bank, ledger, check, TestDatabase.CLOCK);
            Customer customer = ledger.signUp(NewCustomer.of("user-1", linked));
            LocalDate day = LocalDate.ofInstant(TestDatabase.CLOCK.instant(), customer.zone());

            assertThat(topUps.topUp("top-1", customer.id(), Money.krw(2_000_000)).status())
                    .isEqualTo(PullStatus.COMPLETE);
            assertThat(topUps.topUp("top-1", customer.id(), Money.krw(2_000_000)).status()).isEqualTo(PullStatus.COMPLETE);
            assertThat(check.counted(customer.id(), day)).as("a repeated reference is counted once")
                    .isEqualTo(2_000_000);
            assertThatThrownBy(() -> topUps.topUp("top-2", customer.id(), Money.krw(1_500_000)))
                    .isInstanceOf(DailyLimitExceededException.class);
            assertThat(bank.pull("top-2")).as("refused by the pre-check, before the database").isEmpty();

            // Redis restarts without persistence: the counter is gone, the database still refuses
            redis.restart(connection);
            assertThat(check.counted(customer.id(), day)).isZero();
            assertThatThrownBy(() -> topUps.topUp("top-3", customer.id(), Money.krw(1_500_000)))
                    .isInstanceOfSatisfying(DailyLimitExceededException.class,
                            e -> assertThat(e.used()).as("the database's count").isEqualTo(Money.krw(2_000_000)));
            assertThat(check.counted(customer.id(), day)).as("the refused pull was taken back").isZero();

            // Redis stopped: the pre-check fails open and the database decides
            redis.stop();
            assertThat(topUps.topUp("top-4", customer.id(), Money.krw(900_000)).status()).isEqualTo(PullStatus.COMPLETE);
            assertThatThrownBy(() -> topUps.topUp("top-5", customer.id(), Money.krw(200_000)))
                    .isInstanceOf(DailyLimitExceededException.class);
            List<ExecutedDebit> pulls = sim.executedDebits();
            assertThat(pulls).extracting(d -> d.amount().minorUnits()).containsExactly(2_000_000L, 900_000L);
            assertThat(ledger.account(customer.mainAccountId()).orElseThrow().posted())
                    .isEqualTo(Money.krw(2_900_000));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static AccountLocks.Lease lease(long token) {
        return new AccountLocks.Lease() {
            @Override
            public long fencingToken() {
                return token;
            }

            @Override
            public void close() {
            }
        };
    }

    private static long fence(TestDatabase db, long customerId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT lock_fence FROM at_customer WHERE id = :id")
                .bind("id", customerId).mapTo(Long.class).one());
    }

    /** Each account's balance is its opening plus the accepted movements, and equals its entries. */
    private static void assertBalancesAre(TestDatabase db, JdbcLedger ledger, List<Long> accounts,
            List<List<Movement>> done, Map<Long, Long> openings) {
        for (long account : accounts) {
            long expected = openings.getOrDefault(account, 0L);
            for (List<Movement> list : done) {
                for (Movement m : list) {
                    expected += m.creditAccountId() == account ? m.amount().minorUnits() : 0;
                    expected -= m.debitAccountId() == account ? m.amount().minorUnits() : 0;
                }
            }
            assertThat(ledger.account(account).orElseThrow().posted().minorUnits())
                    .as("account %d: opening plus every accepted movement", account).isEqualTo(expected);
        }
        assertConserved(db, ledger, accounts);
    }

    private static void assertConserved(TestDatabase db, JdbcLedger ledger, List<Long> accounts) {
        for (long account : accounts) {
            assertThat(ledger.entrySum(account)).isEqualTo(ledger.account(account).orElseThrow().posted());
            assertThat(ledger.account(account).orElseThrow().available().isNegative()).isFalse();
        }
        long sum = db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(amount_minor), 0) FROM at_ledger_entry")
                .mapTo(Long.class).one());
        assertThat(sum).as("the ledger sums to zero").isZero();
    }

    private static <T> List<T> together(int n, java.util.function.IntFunction<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(tasks.apply(i)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
