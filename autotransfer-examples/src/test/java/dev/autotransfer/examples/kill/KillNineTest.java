package dev.autotransfer.examples.kill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * kill -9 against real databases: a batch of thousands of due transfers worked by two engine JVMs at a
 * time, each killed with SIGKILL at a random moment after it began claiming and replaced by a fresh one,
 * over and over; then a drain by an engine in this JVM with the bank's faults off, and the invariants
 * checked against the simulated bank's own record (see {@link KillWorld#check()}).
 *
 * <p>{@code -Dkill9.killsPerDatabase=N} (default 31) sets the kills per database, {@code -Dkill9.transfers}
 * the batch (default 200 per kill, at least 6,000), {@code -Dkill9.seed} the seed of the kill moments.
 */
class KillNineTest {

    private static final int KILLS = Integer.getInteger("kill9.killsPerDatabase", 31);
    private static final int TRANSFERS = Integer.getInteger("kill9.transfers", Math.max(6_000, KILLS * 200));
    private static final int SLOTS = 2;
    private static final int WORKERS = 2;
    /** An engine that has not claimed within this long after its start finds no work left. */
    private static final long NO_CLAIM_NANOS = TimeUnit.SECONDS.toNanos(20);

    @DatabaseTest(dialects = {Dialect.POSTGRESQL, Dialect.MARIADB})
    void engine_jvms_killed_at_random_moments_neither_debit_twice_nor_lose_a_transfer(TestDatabase db)
            throws Exception {
        long seed = Long.getLong("kill9.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        long begin = System.nanoTime();
        // while engines are killed, the bank is slow (so kills find calls in flight) and loses some answers
        try (KillWorld world = new KillWorld(db, seed, b -> b
                .randomLatency(Duration.ofMillis(10), Duration.ofMillis(50))
                .timeoutAfterExecutingProbability(0.02)
                .timeoutBeforeExecutingProbability(0.01))) {
            System.out.printf("KILL9 %s seed=%d (kill moments are seeded; the engines' threads and the database"
                    + " make a run unrepeatable exactly)%n", world.dialect(), seed);
            try {
                world.load(TRANSFERS);
                double loadSeconds = (System.nanoTime() - begin) / 1e9;

                KillWorld.Child[] slots = new KillWorld.Child[SLOTS];
                long[] killAt = new long[SLOTS];
                int kills = 0;
                int starts = 0;
                boolean workLeft = true;
                long lastLook = System.nanoTime() - NO_CLAIM_NANOS;
                long killStart = System.nanoTime();
                while (kills < KILLS && workLeft) {
                    for (int s = 0; s < SLOTS && kills < KILLS; s++) {
                        KillWorld.Child child = slots[s];
                        if (child == null) {
                            slots[s] = world.start("run", "kill-" + world.dialect() + "-" + (++starts), WORKERS);
                            killAt[s] = 0;
                            continue;
                        }
                        if (!child.process.isAlive()) {
                            throw new AssertionError(child.nodeId + " ended by itself with exit value "
                                    + child.process.exitValue());
                        }
                        long now = System.nanoTime();
                        if (killAt[s] == 0 && child.marked()) {
                            killAt[s] = now + TimeUnit.MILLISECONDS.toNanos(random.nextLong(100, 3_000));
                        } else if (killAt[s] == 0 && now - child.startedAt > NO_CLAIM_NANOS
                                && now - lastLook > NO_CLAIM_NANOS / 4) {
                            lastLook = now;
                            long open = world.openOccurrences();
                            workLeft = open > 0; // none: the batch was worked off before the kills were done
                            if (open > 0 && now - child.startedAt > 3 * NO_CLAIM_NANOS) {
                                throw new AssertionError(child.nodeId + " claimed nothing in "
                                        + (now - child.startedAt) / 1_000_000_000 + " s while " + open
                                        + " occurrences were open");
                            }
                        } else if (killAt[s] != 0 && now >= killAt[s]) {
                            int exit = child.kill9();
                            assertThat(exit).as("%s ended by SIGKILL (128 + 9)", child.nodeId).isEqualTo(137);
                            kills++;
                            slots[s] = null;
                        }
                    }
                    Thread.sleep(10);
                }
                for (KillWorld.Child child : slots) {
                    if (child != null) {
                        child.kill9();
                    }
                }
                double killSeconds = (System.nanoTime() - killStart) / 1e9;
                KillWorld.Check afterKills = world.check();

                // the final drain: faults off, one engine here until every occurrence ended (leases of the
                // killed engines expire after 3 s)
                world.configureBanks(b -> b);
                long drainStart = System.nanoTime();
                world.drain(TimeUnit.SECONDS.toNanos(Math.max(90, TRANSFERS / 50)));
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                KillWorld.Check check = world.check();
                double seconds = (System.nanoTime() - begin) / 1e9;
                System.out.printf("KILL9 %s kills=%d jvmStarts=%d transfers=%d doneBeforeDrain=%d %s seed=%d"
                        + " loadSeconds=%.1f killSeconds=%.1f drainSeconds=%.1f seconds=%.1f%n",
                        world.dialect(), kills, world.jvmStarts(), TRANSFERS, afterKills.succeeded(),
                        check.figures(), seed, loadSeconds, killSeconds, drainSeconds, seconds);

                assertThat(check.examples()).as("violations (seed %d)", seed).isEmpty();
                assertThat(kills).as("kills before the batch was worked off; make it larger").isEqualTo(KILLS);
                assertThat(check.doubleDebits()).isZero();
                assertThat(check.lost()).isZero();
                assertThat(check.debitsWithoutSucceeded()).isZero();
                assertThat(check.succeededWithoutOneDebit()).isZero();
                assertThat(check.succeeded() + check.deadLettered() + check.skipped() + check.pendingWithReason())
                        .as("every occurrence of the batch accounted for").isEqualTo(TRANSFERS);
                assertThat(afterKills.succeeded()).as("the killed engines did real work").isPositive();
                assertThat(check.takenOver()).as("attempts opened by a killed engine finished by another")
                        .isPositive();
                assertThat(check.executedBeforeKill())
                        .as("debits the bank executed before their engine was killed, recorded by another engine")
                        .isPositive();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n(seed " + seed + ") engine JVM output:\n"
                        + world.tails(), e);
            }
        }
    }
}
