package dev.autotransfer.examples;

import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.event.EngineListener;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * An engine listener that counts, across every engine it is given to, the SUCCEEDED events recorded
 * (in all, and of the backlog's schedules) and the calls not sent by reason (the engine's own rate
 * limit, a full pool, an open circuit, a refusal by the bank's quota). Thread-safe and fast, as
 * listeners must be.
 */
final class EngineTally implements EngineListener {

    private final Set<Long> backlog;
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder backlogSucceeded = new LongAdder();
    private final Map<String, LongAdder> notSent = new ConcurrentHashMap<>();

    /** A tally whose backlog is the schedules {@code backlogIds}. */
    EngineTally(long[] backlogIds) {
        Set<Long> ids = new HashSet<>(backlogIds.length * 2);
        for (long id : backlogIds) {
            ids.add(id);
        }
        this.backlog = Set.copyOf(ids);
    }

    @Override
    public void recorded(AttemptKey key, EventType type, String code) {
        if (type == EventType.SUCCEEDED) {
            succeeded.increment();
            if (backlog.contains(key.scheduleId())) {
                backlogSucceeded.increment();
            }
        }
    }

    @Override
    public void notSent(Occurrence occurrence, String bankCode, String reason, Duration retryAfter) {
        notSent.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** SUCCEEDED events recorded so far. */
    long succeeded() {
        return succeeded.sum();
    }

    /** SUCCEEDED events of the backlog's schedules recorded so far. */
    long backlogSucceeded() {
        return backlogSucceeded.sum();
    }

    /** Calls not sent so far, by reason, in name order. */
    Map<String, Long> notSentByReason() {
        Map<String, Long> counts = new TreeMap<>();
        notSent.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }
}
