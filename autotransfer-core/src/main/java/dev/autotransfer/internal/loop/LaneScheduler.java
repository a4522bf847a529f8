package dev.autotransfer.internal.loop;

import dev.autotransfer.domain.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Hands worker threads the next (bank, priority) to claim from, by weighted round robin: per round,
 * each bank's P0 four times, P1 twice and P2 once, so P0 goes first and P2 is never starved. A
 * (bank, priority) that yielded less than a full chunk rests for the poll interval (or until the
 * next epoch), so an idle lane is not rescanned by every worker, yet a retry that falls due or a P0
 * that arrives while other lanes work through a long backlog waits about that long, not for the
 * whole backlog. A bank whose circuit is open is passed over, so its backlog is never rescanned.
 * An epoch ends when every slot rests or is closed. Thread-safe (synchronized).
 */
public final class LaneScheduler {

    private static final int[] WEIGHTS = {4, 2, 1};

    /** One (bank, priority). */
    public record Slot(String bank, Priority priority) {
    }

    private final List<Slot> slots = new ArrayList<>();
    /** Slots that yielded less than a chunk, and until when they rest. */
    private final Map<Slot, Instant> resting = new HashMap<>();
    private final int chunkSize;
    private final Duration rest;
    private final Supplier<Instant> clock;
    private int cursor;

    public LaneScheduler(List<String> banks, int chunkSize, Duration rest, Supplier<Instant> clock) {
        this.chunkSize = chunkSize;
        this.rest = rest;
        this.clock = clock;
        for (int round = 0; round < WEIGHTS[0]; round++) {
            for (Priority priority : Priority.values()) {
                if (round < WEIGHTS[priority.ordinal()]) {
                    for (String bank : banks) {
                        slots.add(new Slot(bank, priority));
                    }
                }
            }
        }
    }

    /** Starts an epoch: every (bank, priority) is a candidate again. */
    public synchronized void reset() {
        resting.clear();
    }

    /** The next slot to claim from, or null when every slot is exhausted or its bank is closed. */
    public synchronized Slot next(Predicate<String> bankClosed) {
        Instant now = resting.isEmpty() ? null : clock.get();
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(cursor);
            cursor = (cursor + 1) % slots.size();
            Instant until = resting.get(slot);
            if (until != null && now.isBefore(until)) {
                continue;
            }
            if (until != null) {
                resting.remove(slot);
            }
            if (!bankClosed.test(slot.bank())) {
                return slot;
            }
        }
        return null;
    }

    /** Reports how many items a claim from the slot returned. */
    public synchronized void report(Slot slot, int claimed) {
        report(slot, chunkSize, claimed);
    }

    /**
     * Reports how many items a claim from the slot asked for and got: fewer than asked, it rests for
     * the poll interval; none asked (the bank's pipeline was full), for a twentieth of it, since the
     * pipeline frees up as calls return.
     */
    public synchronized void report(Slot slot, int asked, int claimed) {
        if (asked == 0) {
            resting.put(slot, clock.get().plus(rest.dividedBy(20)));
        } else if (claimed < asked) {
            resting.put(slot, clock.get().plus(rest));
        } else {
            resting.remove(slot);
        }
    }
}
