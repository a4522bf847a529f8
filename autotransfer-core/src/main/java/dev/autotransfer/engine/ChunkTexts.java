package dev.autotransfer.engine;

import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore.ClaimedOccurrence;
import java.time.LocalDate;
import org.slf4j.MDC;

/** Small helpers of {@link Protocol}: the logging context of a schedule, texts cut to the column. Stateless. */
final class ChunkTexts {

    private ChunkTexts() {
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

    /** The nominal date of the claimed occurrence. */
    static LocalDate date(ClaimedOccurrence co) {
        return co.item().occurrence().nominalDate();
    }

    /** The text cut to the 500 characters of a history column, or null. */
    static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
