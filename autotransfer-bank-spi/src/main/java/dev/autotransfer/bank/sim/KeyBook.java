package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The keys one simulated bank remembers, each with its first request and its one outcome, forgotten
 * once the key retention from the first receipt has passed. Guarded by the bank's lock.
 */
final class KeyBook {

    /** A remembered key: the request first received, when, and the outcome (Accepted or a key-closing Rejected). */
    record Entry(TransferRequest request, Instant firstReceivedAt, TransferOutcome outcome) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private int forgotten;

    /** The entry for {@code key}, or null if unknown or forgotten because its retention passed. */
    Entry find(String key, Instant now, KeyRetention retention) {
        Entry entry = entries.get(key);
        if (entry != null && retention.isExpired(entry.firstReceivedAt(), now)) {
            entries.remove(key);
            forgotten++;
            return null;
        }
        return entry;
    }

    void remember(TransferRequest request, Instant now, TransferOutcome outcome) {
        entries.put(request.idempotencyKey(), new Entry(request, now, outcome));
    }

    int forgottenCount() {
        return forgotten;
    }
}
