package dev.autotransfer.spi;

import java.util.List;

/**
 * An external store that receives a copy of the audit log (a file, a log shipper, an object store),
 * so the record of setting changes survives losing the main database.
 *
 * <p><b>Contract.</b> The relay delivers entries at least once, in increasing {@link AuditRecord#seq()}
 * order, and only moves its watermark after {@link #deliver} returned normally. A sink therefore
 * sees entries again after a crash or a failed delivery, and must drop every entry whose sequence
 * number it already holds (keeping the highest stored number is enough, because delivery is in
 * order). {@code deliver} returns only when the entries are durable in the sink; it reports a
 * failure by throwing any runtime exception, after which the whole list is delivered again later.
 * It may block. Account numbers arrive masked.
 *
 * <p><b>Thread-safety.</b> One relay calls a sink from one thread at a time, but several relays
 * (on several nodes) may deliver the same entries concurrently; a sink shared by nodes must
 * deduplicate across them.
 */
public interface AuditSink {

    /**
     * The sink's stable name, 1..64 characters: the relay keeps the sink's watermark under it, so a
     * renamed sink receives everything again.
     */
    String name();

    /**
     * Stores the entries, skipping those already stored.
     *
     * @param records entries in increasing sequence order, not empty
     */
    void deliver(List<AuditRecord> records);
}
