package dev.autotransfer.internal.protocol;

import dev.autotransfer.spi.ClaimedWorkItem;
import org.slf4j.MDC;

/** Puts the schedule a piece of work is about into the logging context (MDC key {@code scheduleId}). Stateless. */
final class ScheduleLogContext {

    private ScheduleLogContext() {
    }

    /** Runs {@code work} with the item's schedule id in the logging context. */
    static void withSchedule(ClaimedWorkItem item, Runnable work) {
        MDC.put("scheduleId", Long.toString(item.occurrence().scheduleId()));
        try {
            work.run();
        } finally {
            MDC.remove("scheduleId");
        }
    }
}
