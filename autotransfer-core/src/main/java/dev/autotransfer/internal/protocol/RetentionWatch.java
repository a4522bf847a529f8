package dev.autotransfer.internal.protocol;

import dev.autotransfer.event.Alarm;
import dev.autotransfer.internal.events.SafeListener;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.spi.ClaimedWorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises {@link Alarm.Kind#UNKNOWN_NEARING_RETENTION} when an open attempt about to be re-sent or
 * inquired has used the policy's part of the time its key may still be re-sent, before the planner
 * hands it to a person at the end of that time. Once per attempt on this node (a bounded memory of
 * the last {@value #REMEMBERED} keys; another node, or this one after a restart, may raise it once
 * more). Thread-safe.
 */
public final class RetentionWatch {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionWatch.class);
    private static final int REMEMBERED = 100_000;

    private final double fraction;
    private final Duration resendMargin;
    private final SafeListener listener;
    private final Map<String, Boolean> alarmed = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    public RetentionWatch(double fraction, Duration resendMargin, SafeListener listener) {
        this.fraction = fraction;
        this.resendMargin = resendMargin;
        this.listener = listener;
    }

    /** Looks at the step decided for a claimed item; alarms when its open attempt nears the retention. */
    public void check(ClaimedWorkItem item, NextStep step, KeyRetention retention, Instant now) {
        HistoryEvent started = step instanceof NextStep.Inquire i ? i.started()
                : step instanceof NextStep.Resend r ? r.started() : null;
        if (started == null || retention == null || fraction >= 1 || started.request() == null) {
            return;
        }
        Instant created = started.request().createdAt();
        Instant resendUntil = retention.expiresAt(created).minus(resendMargin);
        long window = Duration.between(created, resendUntil).toMillis();
        if (window <= 0 || now.isBefore(created.plusMillis((long) (window * fraction))) || !now.isBefore(resendUntil)) {
            return;
        }
        String key = started.request().idempotencyKey();
        synchronized (alarmed) {
            if (alarmed.putIfAbsent(key, Boolean.TRUE) != null) {
                return;
            }
        }
        String detail = "attempt " + started.key() + " (sent as " + key + ") is still unresolved; its key may be re-sent"
                + " until " + resendUntil + ", then it goes to a person (the bank keeps keys until "
                + retention.expiresAt(created) + ")";
        LOG.warn("{}: {} {}", Alarm.Kind.UNKNOWN_NEARING_RETENTION, item.occurrence(), detail);
        listener.alarm(new Alarm(Alarm.Kind.UNKNOWN_NEARING_RETENTION, now, item.bankCode(), item.occurrence(), detail));
    }
}
