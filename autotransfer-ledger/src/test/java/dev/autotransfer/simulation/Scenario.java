package dev.autotransfer.simulation;

import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.domain.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One scenario: where its clock starts and the operations it applies, all drawn from one seed, so
 * the seed alone reproduces it and any sublist of its operations is a scenario too (for shrinking).
 *
 * @param seed the seed it was drawn from
 * @param start where the shared clock starts (across month ends, holidays and a leap day)
 * @param ops the operations, in order; a final drain follows them
 */
record Scenario(long seed, Instant start, List<Op> ops) {

    /** Starts near month ends, the new year, Seollal 2027 and 29 February 2028, at Seoul office hours. */
    private static final List<Instant> STARTS = List.of(
            Instant.parse("2026-11-24T23:40:00Z"),
            Instant.parse("2026-11-30T01:00:00Z"),
            Instant.parse("2026-12-30T00:10:00Z"),
            Instant.parse("2027-01-28T23:50:00Z"),
            Instant.parse("2027-02-04T01:00:00Z"),
            Instant.parse("2028-02-27T23:30:00Z"));
    private static final List<Duration> ADVANCES = List.of(
            Duration.ofSeconds(20), Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMinutes(11),
            Duration.ofMinutes(11), Duration.ofMinutes(40), Duration.ofHours(3), Duration.ofDays(1),
            Duration.ofDays(3), Duration.ofDays(9));

    Scenario {
        ops = List.copyOf(ops);
    }

    /** This scenario with other operations (a shrunk one). */
    Scenario withOps(List<Op> value) {
        return new Scenario(seed, start, value);
    }

    /** The scenario of a seed: the engine's operations, and the customers' accounts among them. */
    static Scenario generate(long seed) {
        Scenario engine = engineOnly(seed);
        // drawn from a stream of their own, so a seed's engine operations stay what they were before
        // accounts existed, and a seed recorded then still names the same schedule of engine events
        SplittableRandom a = new SplittableRandom(seed ^ 0x6C65646765724CL);
        List<Op> ops = new ArrayList<>(engine.ops());
        if (a.nextInt(4) == 0) {
            return engine; // a quarter of the scenarios keep to outside banks only
        }
        int creates = 1 + a.nextInt(4);
        for (int i = 0; i < creates; i++) {
            // after the engines and moods at the front, among the first creates
            ops.add(Math.min(ops.size(), 1 + a.nextInt(Math.max(1, ops.size() / 3))), fromAccount(a));
        }
        int actions = 4 + a.nextInt(12);
        for (int i = 0; i < actions; i++) {
            ops.add(1 + a.nextInt(ops.size()), a.nextInt(6) == 0 ? fromAccount(a) : account(a));
        }
        return new Scenario(seed, engine.start(), ops);
    }

    /** The engine's operations of a seed alone, as scenarios were drawn before the ledger's accounts joined them. */
    static Scenario engineOnly(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Instant start = STARTS.get(r.nextInt(STARTS.size())).plusSeconds(r.nextInt(3600));
        List<Op> ops = new ArrayList<>();
        ops.add(new Op.StartEngine(0, 1 + r.nextInt(3)));
        int extraEngines = r.nextInt(4);
        for (int i = 0; i < extraEngines; i++) {
            ops.add(new Op.StartEngine(r.nextInt(4) == 0 ? r.nextInt(-150, 151) : 0, 1 + r.nextInt(3)));
        }
        for (int bank = 0; bank < World.BANKS; bank++) {
            if (r.nextInt(3) > 0) {
                ops.add(new Op.Mood(bank, mood(r)));
            }
        }
        int creates = 3 + r.nextInt(6);
        for (int i = 0; i < creates; i++) {
            ops.add(create(r));
        }
        int n = 25 + r.nextInt(40);
        for (int i = 0; i < n; i++) {
            ops.add(next(r));
        }
        return new Scenario(seed, start, ops);
    }

    private static Op.Create create(SplittableRandom r) {
        Priority priority = Priority.values()[r.nextInt(Priority.values().length)];
        int startBack = r.nextInt(5) == 0 ? 1 + r.nextInt(12) : 0;
        return new Op.Create(r.nextInt(1_000_000), priority, 1_000L * (1 + r.nextInt(500)), startBack);
    }

    private static Op fromAccount(SplittableRandom a) {
        return new Op.CreateFromAccount(a.nextInt(LedgerWorld.CUSTOMERS), a.nextInt(3) == 0, create(a));
    }

    private static Op account(SplittableRandom a) {
        Op.AccountAction action = Op.AccountAction.values()[a.nextInt(Op.AccountAction.values().length)];
        long amount = 1_000L * (1 + (a.nextBoolean() ? a.nextInt(300) : a.nextInt(2_500)));
        return new Op.Account(action, a.nextInt(LedgerWorld.CUSTOMERS), amount);
    }

    private static BankMood mood(SplittableRandom r) {
        return BankMood.values()[r.nextInt(BankMood.values().length)];
    }

    private static Op next(SplittableRandom r) {
        int roll = r.nextInt(100);
        if (roll < 36) {
            return new Op.Turns(r.nextInt(4), 1 + r.nextInt(8));
        }
        if (roll < 48) {
            return new Op.Advance(ADVANCES.get(r.nextInt(ADVANCES.size())));
        }
        if (roll < 54) {
            return new Op.Crash(r.nextInt(4), CrashPoint.values()[r.nextInt(CrashPoint.values().length)]);
        }
        if (roll < 58) {
            return new Op.Restart(r.nextInt(4));
        }
        if (roll < 62) {
            return new Op.StartEngine(r.nextInt(5) == 0 ? r.nextInt(-150, 151) : 0, 1 + r.nextInt(3));
        }
        if (roll < 67) {
            return new Op.Script(r.nextInt(World.BANKS), ScriptedFault.values()[r.nextInt(ScriptedFault.values().length)]);
        }
        if (roll < 72) {
            return new Op.Mood(r.nextInt(World.BANKS), mood(r));
        }
        if (roll < 77) {
            return new Op.DbFault(DbFaultKind.values()[r.nextInt(DbFaultKind.values().length)], r.nextInt(6));
        }
        if (roll < 81) {
            return new Op.Edit(r.nextInt(16), 1_000L * (1 + r.nextInt(500)));
        }
        if (roll < 84) {
            return new Op.Pause(r.nextInt(16));
        }
        if (roll < 87) {
            return new Op.Resume(r.nextInt(16));
        }
        if (roll < 89) {
            return new Op.Cancel(r.nextInt(16));
        }
        if (roll < 92) {
            return create(r);
        }
        if (roll < 94) {
            return new Op.RegisterTwice(r.nextInt(16));
        }
        if (roll < 97) {
            return new Op.Requeue(r.nextInt(4));
        }
        return new Op.DeliverLate();
    }
}
