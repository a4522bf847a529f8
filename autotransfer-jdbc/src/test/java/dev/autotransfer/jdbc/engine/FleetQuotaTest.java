package dev.autotransfer.jdbc.engine;

import dev.autotransfer.spi.RunStore;
import static dev.autotransfer.jdbc.engine.EngineFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A bank's quota holds for the whole fleet: engines over one database divide it by their live
 * count, as the bank itself counts the requests it receives.
 */
class FleetQuotaTest {

    private static final String BANK = "BANK_Q";

    @DatabaseTest
    void three_engines_together_never_exceed_the_banks_requests_per_second(TestDatabase db) {
        int quota = 40;
        int schedules = 120;
        // a bank that counts arrivals on a clock that ticks from the fixture's start
        Clock ticking = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), EngineFixture.START));
        SimulatedBank quotaBank = new SimulatedBank(7L, ticking, Sleeper.none());
        quotaBank.configure(BANK, SimulatedBankConfig.custom().requestsPerSecond(quota).build());
        try (EngineFixture f = new EngineFixture(db)) {
            List<Schedule> registered = new ArrayList<>();
            for (int i = 0; i < schedules; i++) {
                ScheduleSpec spec = f.spec("quota-" + i, BANK, 1_000 + i).recurrence(Recurrence.monthly(TODAY, 25))
                        .build();
                quotaBank.openAccount(spec.source(), Money.krw(10_000_000));
                registered.add(f.create(spec));
            }
            List<AutoTransferEngine> engines = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                engines.add(f.engine("node-" + n, c -> c.workerThreads(2).permitWait(Duration.ofSeconds(1))
                                .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(5))
                                .pollInterval(Duration.ofMillis(100)),
                        w -> w.banks().client(BANK, quotaBank.client(BANK)).timeSource(TimeSource.of(ticking))));
            }
            engines.forEach(AutoTransferEngine::start);

            await().atMost(Duration.ofSeconds(60)).until(() -> quotaBank.executedDebits().size() == schedules);

            assertThat(quotaBank.maxObservedRequestsPerSecond(BANK)).as("arrivals in any one-second window")
                    .isLessThanOrEqualTo(quota);
            assertThat(quotaBank.faultCounts().rateLimitedAnswers()).as("requests the bank refused over quota")
                    .isZero();
            assertThat(quotaBank.occurrencesExecutedMoreThanOnce()).isEmpty();
            for (Schedule s : registered) {
                assertThat(quotaBank.debitsByOccurrence().get(f.keyPrefix + s.id() + ":" + TODAY)).hasSize(1);
            }
        }
    }

    @DatabaseTest
    void a_node_sends_nothing_until_every_other_live_node_has_seen_it(TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            for (int i = 0; i < 5; i++) {
                f.monthly("first-" + i, "BANK_B", 1_000 + i);
            }
            // node-1 works BANK_B only, so the work of BANK_A waits for node-2
            AutoTransferEngine first = f.engine("node-1", c -> { }, w -> w.banks("BANK_B"));
            assertThat(first.runOnce().succeeded()).isEqualTo(5);
            List<Schedule> later = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                later.add(f.monthly("later-" + i, "BANK_A", 2_000 + i));
            }
            f.clock.advance(Duration.ofSeconds(2));
            AutoTransferEngine second = f.engine("node-2");

            RunReport unseen = second.runOnce();
            // node-1's heartbeat after node-2 joined: its count now includes node-2
            first.runOnce();
            RunReport seen = second.runOnce();

            assertThat(unseen.claimed()).as("claimed before node-1 saw node-2").isZero();
            assertThat(seen.succeeded()).isEqualTo(5);
            for (Schedule s : later) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
        }
    }

    @DatabaseTest
    void a_busy_node_heartbeats_at_once_when_another_joins_so_the_joiner_sends_long_before_the_interval(
            TestDatabase db) {
        int quota = 40;
        int schedules = 400;
        Clock ticking = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), EngineFixture.START));
        SimulatedBank quotaBank = new SimulatedBank(7L, ticking, Sleeper.none());
        quotaBank.configure(BANK, SimulatedBankConfig.custom().requestsPerSecond(quota).build());
        try (EngineFixture f = new EngineFixture(db)) {
            for (int i = 0; i < schedules; i++) {
                ScheduleSpec spec = f.spec("join-" + i, BANK, 1_000 + i).recurrence(Recurrence.monthly(TODAY, 25))
                        .build();
                quotaBank.openAccount(spec.source(), Money.krw(10_000_000));
                f.create(spec);
            }
            // heartbeats every 30 s: without an early one, the joiner would wait that long to be seen
            java.util.function.Function<String, AutoTransferEngine> engine = node -> f.engine(node,
                    c -> c.workerThreads(2).permitWait(Duration.ofSeconds(1))
                            .heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(120))
                            .shareWait(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)),
                    w -> w.banks().client(BANK, quotaBank.client(BANK)).timeSource(TimeSource.of(ticking)));
            AutoTransferEngine first = engine.apply("node-1");
            first.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> quotaBank.executedDebits().size() >= 40);

            Instant joined = ticking.instant();
            AutoTransferEngine second = engine.apply("node-2");
            second.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> node(f, "node-1").heartbeatAt().isAfter(joined));
            await().atMost(Duration.ofSeconds(60)).until(() -> quotaBank.executedDebits().size() == schedules);
            first.close();
            second.close();

            assertThat(node(f, "node-2").succeeded()).as("transfers node-2 executed").isPositive();
            assertThat(quotaBank.maxObservedRequestsPerSecond(BANK)).as("arrivals in any one-second window")
                    .isLessThanOrEqualTo(quota);
            assertThat(quotaBank.occurrencesExecutedMoreThanOnce()).isEmpty();
        }
    }

    @DatabaseTest
    void a_node_whose_heartbeats_fail_stops_sending_when_its_share_lapses_though_it_still_reads_the_nodes(
            TestDatabase db) {
        try (EngineFixture f = new EngineFixture(db)) {
            java.util.concurrent.atomic.AtomicBoolean heartbeatsFail = new java.util.concurrent.atomic.AtomicBoolean();
            dev.autotransfer.spi.RunStore runs = (dev.autotransfer.spi.RunStore) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {dev.autotransfer.spi.RunStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("heartbeat") && heartbeatsFail.get()) {
                            throw new IllegalStateException("simulated: heartbeat write refused");
                        }
                        try {
                            return method.invoke(f.runs, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            // heartbeats every second; the others count a node lost 2 s after its last: its share holds
            // 1 s, by the time source and by this machine's clock (both must pass for it to lapse)
            AutoTransferEngine engine = f.engine("node-1", c -> c.heartbeat(Duration.ofSeconds(1),
                    Duration.ofSeconds(2)), w -> w.runs(runs));
            engine.runOnce();
            heartbeatsFail.set(true);
            List<Schedule> due = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                due.add(f.monthly("lapse-" + i, "BANK_A", 1_000 + i));
            }
            f.clock.advance(Duration.ofMillis(1500));
            long beat = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - beat > 1_500_000_000L);

            RunReport lapsed = engine.runOnce();
            heartbeatsFail.set(false);
            RunReport healed = engine.runOnce();

            assertThat(lapsed.started()).as("sent 1.5 s after the last heartbeat").isZero();
            assertThat(healed.succeeded()).isEqualTo(3);
            for (Schedule s : due) {
                assertThat(f.debits(s.id(), TODAY)).hasSize(1);
            }
        }
    }

    private static dev.autotransfer.spi.RunStore.RunNode node(EngineFixture f, String nodeId) {
        return f.runs.list(TODAY, TODAY).stream().flatMap(run -> run.nodes().stream())
                .filter(node -> node.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }
}
