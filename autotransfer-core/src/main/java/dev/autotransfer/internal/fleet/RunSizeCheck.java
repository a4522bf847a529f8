package dev.autotransfer.internal.fleet;

import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.internal.events.SafeListener;
import dev.autotransfer.spi.RunStore.RunMembership;
import dev.autotransfer.spi.TransferStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the start of a run (when this node joins it): warns with {@link Alarm.Kind#RUN_CANNOT_FINISH_IN_TIME}
 * when the work due in the run's business date cannot be sent within the run's maximum duration at
 * the slowest bank's request quota (work items due / requests per second, the quota being the
 * fleet's). A lower bound: retries and inquiries take more requests. Once per run on each node.
 * Thread-safe (synchronized).
 */
public final class RunSizeCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RunSizeCheck.class);

    private final TransferStore store;
    private final Map<String, Integer> quotas;
    private final EngineConfig config;
    private final SafeListener listener;
    private long checkedRun = -1;

    public RunSizeCheck(TransferStore store, Map<String, Integer> quotas, EngineConfig config, SafeListener listener) {
        this.store = store;
        this.quotas = Map.copyOf(quotas);
        this.config = config;
        this.listener = listener;
    }

    /** Checks the run once. */
    public synchronized void atStart(RunMembership run, Instant now) {
        if (checkedRun == run.runId()) {
            return;
        }
        checkedRun = run.runId();
        Instant endOfDay = run.businessDate().plusDays(1).atStartOfDay(config.businessZone()).toInstant();
        Map<String, Long> due;
        try {
            due = store.countDueByBank(endOfDay);
        } catch (RuntimeException e) {
            LOG.warn("cannot tell whether run {} can finish in time: {}", run.runId(), e.toString());
            return;
        }
        String slowest = null;
        Duration longest = Duration.ZERO;
        for (Map.Entry<String, Integer> quota : quotas.entrySet()) {
            long items = due.getOrDefault(quota.getKey(), 0L);
            Duration takes = Duration.ofSeconds((items + quota.getValue() - 1) / quota.getValue());
            if (takes.compareTo(longest) > 0) {
                longest = takes;
                slowest = quota.getKey();
            }
        }
        if (slowest != null && longest.compareTo(config.runMaxDuration()) > 0) {
            String detail = "run " + run.runId() + " of " + run.businessDate() + " cannot finish within its maximum "
                    + "duration of " + readable(config.runMaxDuration()) + ": " + due.get(slowest)
                    + " work items due at bank " + slowest + " take " + readable(longest) + " at its quota of "
                    + quotas.get(slowest) + " requests/s";
            LOG.warn("{}: {}", Alarm.Kind.RUN_CANNOT_FINISH_IN_TIME, detail);
            listener.alarm(new Alarm(Alarm.Kind.RUN_CANNOT_FINISH_IN_TIME, now, slowest, null, detail));
        }
    }

    /** Seconds below a minute, else hours and minutes with the minutes rounded up: 10,000 s is "2 h 47 min". */
    public static String readable(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }
}
