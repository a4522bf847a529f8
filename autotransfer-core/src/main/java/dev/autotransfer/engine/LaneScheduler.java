package dev.autotransfer.engine;

import dev.autotransfer.domain.Priority;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Hands worker threads the next (bank, priority) to claim from, by weighted round robin: per round,
 * each bank's P0 four times, P1 twice and P2 once, so P0 goes first and P2 is never starved. A
 * (bank, priority) that yielded less than a full chunk is left out until the next epoch, and a bank
 * whose circuit is open is passed over, so a down bank's backlog is never rescanned. Thread-safe
 * (synchronized).
 */
final class LaneScheduler {

    private static final int[] WEIGHTS = {4, 2, 1};

    /** One (bank, priority). */
    record Slot(String bank, Priority priority) {
    }

    private final List<Slot> slots = new ArrayList<>();
    private final Set<Slot> exhausted = new HashSet<>();
    private final int chunkSize;
    private int cursor;

    LaneScheduler(List<String> banks, int chunkSize) {
        this.chunkSize = chunkSize;
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
    synchronized void reset() {
        exhausted.clear();
    }

    /** The next slot to claim from, or null when every slot is exhausted or its bank is closed. */
    synchronized Slot next(Predicate<String> bankClosed) {
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(cursor);
            cursor = (cursor + 1) % slots.size();
            if (!exhausted.contains(slot) && !bankClosed.test(slot.bank())) {
                return slot;
            }
        }
        return null;
    }

    /** Reports how many items a claim from the slot returned. */
    synchronized void report(Slot slot, int claimed) {
        if (claimed < chunkSize) {
            exhausted.add(slot);
        }
    }
}
