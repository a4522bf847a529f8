package dev.autotransfer.simulation;

import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.domain.Priority;
import java.time.Duration;

/**
 * One operation of a simulated scenario. Operations name schedules and engines by index; an index
 * past what exists is taken modulo what exists (or the operation does nothing), so any sublist of a
 * scenario's operations is itself a valid scenario, which is what shrinking relies on.
 */
sealed interface Op {

    /** Registers a schedule (its shape drawn from {@code shape}). */
    record Create(int shape, Priority priority, long amount, int startBack) implements Op { }

    /** Registers the same client reference as schedule {@code schedule} again: idempotent. */
    record RegisterTwice(int schedule) implements Op { }

    /** Changes the amount of a schedule (an open attempt must still re-send its recorded request). */
    record Edit(int schedule, long amount) implements Op { }

    /** Pauses a schedule. */
    record Pause(int schedule) implements Op { }

    /** Resumes a schedule. */
    record Resume(int schedule) implements Op { }

    /** Cancels a schedule. */
    record Cancel(int schedule) implements Op { }

    /** Moves the shared clock forward (engines not given turns meanwhile wake up stale). */
    record Advance(Duration by) implements Op { }

    /** Starts a fresh engine when fewer than four run, with a clock offset (skew) of its own. */
    record StartEngine(int skewSeconds, int chunk) implements Op { }

    /** Gives engine {@code engine} that many turns (each turn runs it to its next store or bank call). */
    record Turns(int engine, int turns) implements Op { }

    /** The engine dies (as kill -9 would) the next time it reaches the point. */
    record Crash(int engine, CrashPoint point) implements Op { }

    /** Replaces a dead engine by a fresh one. */
    record Restart(int engine) implements Op { }

    /** Forces a fault on the next transfer that reaches a bank. */
    record Script(int bank, ScriptedFault fault) implements Op { }

    /** Changes a bank's random faults, latency, outage or key retention (a {@link BankMood}). */
    record Mood(int bank, BankMood mood) implements Op { }

    /** The bank delivers the requests it held back (late arrivals). */
    record DeliverLate() implements Op { }

    /** Injects a database error on the store's {@code after}-th statement (or commit) from now. */
    record DbFault(DbFaultKind kind, int after) implements Op { }

    /** A person requeues a dead-lettered occurrence (when one is requeueable). */
    record Requeue(int which) implements Op { }

    /**
     * Registers a standing order from a customer's main account at the ledger (the shape, priority,
     * amount and start of {@code create}): into the customer's savings account, or out to a payee
     * at another bank.
     */
    record CreateFromAccount(int customer, boolean payout, Create create) implements Op { }

    /** A customer's own operation on the ledger's accounts, while the engines run. */
    record Account(AccountAction action, int customer, long amount) implements Op { }

    /** What a customer does with the accounts. */
    enum AccountAction {
        DEPOSIT_MAIN, DEPOSIT_SAVINGS, WITHDRAW_MAIN, WITHDRAW_SAVINGS, MAIN_TO_SAVINGS, SAVINGS_TO_MAIN,
        /** A top-up of the main account from the linked account (a pull under the daily limit). */
        TOP_UP,
        /** The periodic settling of pulls left pending (what an integrator runs at start-up and from time to time). */
        RESOLVE_PULLS
    }
}
