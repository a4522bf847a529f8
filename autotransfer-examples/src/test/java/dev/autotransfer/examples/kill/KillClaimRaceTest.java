package dev.autotransfer.examples.kill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The multi-process claim race: three engine JVMs with eight workers each, released together on
 * 10,000 due schedules over one PostgreSQL or MariaDB database; by the simulated bank's own record each
 * occurrence is executed exactly once, and every JVM took part.
 */
class KillClaimRaceTest {

    private static final int SCHEDULES = Integer.getInteger("kill9.raceSchedules", 10_000);
    private static final int JVMS = 3;
    private static final int WORKERS = 8;

    @DatabaseTest(dialects = {Dialect.POSTGRESQL, Dialect.MARIADB})
    void three_engine_jvms_with_eight_workers_execute_each_of_ten_thousand_schedules_once(TestDatabase db)
            throws Exception {
        long begin = System.nanoTime();
        try (KillWorld world = new KillWorld(db, 5L, b -> b)) {
            try {
                world.load(SCHEDULES);
                List<KillWorld.Child> children = new ArrayList<>();
                for (int i = 1; i <= JVMS; i++) {
                    children.add(world.start("race", "race-" + world.dialect() + "-" + i, WORKERS));
                }
                long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (KillWorld.Child child : children) {
                    while (!child.marked()) {
                        assertThat(child.process.isAlive()).as("%s died before it was ready", child.nodeId).isTrue();
                        assertThat(System.nanoTime()).as("%s ready within 60 s", child.nodeId).isLessThan(readyBy);
                        Thread.sleep(20);
                    }
                }
                long raceStart = System.nanoTime();
                for (KillWorld.Child child : children) {
                    go(child);
                }
                long succeededByJvms = 0;
                for (KillWorld.Child child : children) {
                    assertThat(child.process.waitFor(180, TimeUnit.SECONDS)).as("%s finished", child.nodeId).isTrue();
                    assertThat(child.process.exitValue()).as("%s exit value", child.nodeId).isZero();
                    String line = Files.readAllLines(child.out, StandardCharsets.UTF_8).stream()
                            .filter(l -> l.startsWith("RACE ")).findFirst().orElseThrow();
                    succeededByJvms += Long.parseLong(line.substring(line.indexOf("succeeded=") + 10).trim());
                }
                double raceSeconds = (System.nanoTime() - raceStart) / 1e9;

                KillWorld.Check check = world.check();
                List<String> nodes = world.jdbi().withHandle(h -> h.createQuery("""
                        SELECT DISTINCT node_id FROM at_history WHERE event_type = 'SUCCEEDED'""")
                        .mapTo(String.class).list());
                System.out.printf("KILL9-RACE %s jvms=%d workers=%d schedules=%d executed=%d doubleDebits=%d lost=%d"
                        + " nodes=%d raceSeconds=%.1f seconds=%.1f%n", world.dialect(), JVMS, WORKERS, SCHEDULES,
                        check.debits(), check.doubleDebits(), check.lost(), nodes.size(), raceSeconds,
                        (System.nanoTime() - begin) / 1e9);

                assertThat(check.examples()).as("violations").isEmpty();
                assertThat(check.debits()).as("debits in the bank's record").isEqualTo(SCHEDULES);
                assertThat(check.doubleDebits()).isZero();
                assertThat(check.succeeded()).isEqualTo(SCHEDULES);
                assertThat(check.lost()).isZero();
                assertThat(succeededByJvms).as("SUCCEEDED counted by the engines").isEqualTo(SCHEDULES);
                assertThat(nodes).as("every JVM took part").hasSize(JVMS);
                assertThat(world.bank.executedDebits().stream().map(d -> d.source()).distinct().count())
                        .as("every schedule's account debited").isEqualTo(SCHEDULES);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nengine JVM output:\n" + world.tails(), e);
            }
        }
    }

    private static void go(KillWorld.Child child) throws IOException {
        OutputStream in = child.process.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }
}
