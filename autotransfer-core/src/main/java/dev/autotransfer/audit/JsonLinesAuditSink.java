package dev.autotransfer.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autotransfer.AutoTransferException;
import dev.autotransfer.spi.AuditRecord;
import dev.autotransfer.spi.AuditSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuditSink} that appends each audit entry as one JSON object per line to a file: a copy
 * of the audit log outside the database.
 *
 * <p>Each line holds {@code seq}, {@code occurredAt} (ISO-8601), {@code actor}, {@code clientIp},
 * {@code entityType}, {@code entityId}, {@code action}, and {@code before} / {@code after} as JSON
 * objects (or null). {@link #deliver} appends the entries whose {@code seq} is above the highest in
 * the file, then forces the file to disk before returning, so a returned delivery is durable. On
 * opening, the highest {@code seq} is read from the file's last line; a last line cut short by a
 * crash during a write (one that was never acknowledged) is removed first. A failed write is
 * truncated away at once, so the file never holds half a line followed by more entries, and the
 * entries already appended in that call are not appended again on the retry: the file holds each
 * sequence number at most once.
 *
 * <p>One instance per file, in one process (no cross-process file locking). Thread-safe: deliveries
 * are serialized. {@link #close()} releases the file.
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TAIL_CHUNK = 8192;

    private final String name;
    private final Path file;
    private final FileChannel channel;
    private long lastSeq;

    private JsonLinesAuditSink(String name, Path file) throws IOException {
        this.name = name;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            dropTornTail();
            this.lastSeq = readLastSeq();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens (or creates) the file and reads the highest sequence number it holds.
     *
     * @param name the sink's stable name, 1..64 characters (the relay's watermark is kept under it)
     * @param file the file to append to; its directory must exist
     * @throws IllegalArgumentException if the name is not 1..64 characters
     * @throws AutoTransferException if the file cannot be opened or its last line is not an audit entry
     */
    public static JsonLinesAuditSink open(String name, Path file) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if (name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("name must be 1..64 characters and not blank, was '" + name + "'");
        }
        try {
            return new JsonLinesAuditSink(name, file);
        } catch (IOException e) {
            throw new AutoTransferException("cannot open the audit file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The highest sequence number in the file, 0 when it is empty. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    @Override
    public synchronized void deliver(List<AuditRecord> records) {
        Objects.requireNonNull(records, "records");
        for (AuditRecord record : records) {
            if (record.seq() <= lastSeq) {
                continue;
            }
            byte[] line = line(record);
            long end;
            try {
                end = channel.size();
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer, end + buffer.position());
                }
            } catch (IOException e) {
                truncateAfterFailure();
                throw new AutoTransferException("appending audit entry " + record.seq() + " to " + file
                        + " failed: " + e.getMessage(), e);
            }
            lastSeq = record.seq();
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new AutoTransferException("forcing the audit file " + file + " to disk failed: " + e.getMessage(), e);
        }
    }

    /** Closes the file. */
    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] line(AuditRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("seq", record.seq());
        node.put("occurredAt", record.occurredAt().toString());
        node.put("actor", record.actor());
        node.put("clientIp", record.clientIp());
        node.put("entityType", record.entityType());
        node.put("entityId", record.entityId());
        node.put("action", record.action());
        node.set("before", parse(record.beforeJson()));
        node.set("after", parse(record.afterJson()));
        try {
            return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new AutoTransferException("audit entry " + record.seq() + " cannot be written as JSON", e);
        }
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // kept as text rather than lost: the sink stores what it was given
            return JSON.getNodeFactory().textNode(json);
        }
    }

    private void truncateAfterFailure() {
        try {
            dropTornTail();
        } catch (IOException e) {
            LOG.error("cannot remove a partly written line from {}: {}", file, e.toString());
        }
    }

    /** Cuts the file after its last newline: a line without one was never acknowledged. */
    private void dropTornTail() throws IOException {
        long size = channel.size();
        long keep = lastNewlineBefore(size) + 1;
        if (keep < size) {
            LOG.warn("removing {} bytes of a partly written last line from {}", size - keep, file);
            channel.truncate(keep);
            channel.force(false);
        }
    }

    private long readLastSeq() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return 0;
        }
        long start = lastNewlineBefore(size - 1) + 1;
        ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, start + buffer.position()) < 0) {
                break;
            }
        }
        String last = new String(buffer.array(), StandardCharsets.UTF_8).strip();
        JsonNode seq = JSON.readTree(last).get("seq");
        if (seq == null || !seq.canConvertToLong()) {
            throw new IOException("the last line of " + file + " has no numeric seq");
        }
        return seq.asLong();
    }

    /** The position of the last '\n' before {@code end} (exclusive), or -1 when there is none. */
    private long lastNewlineBefore(long end) throws IOException {
        long to = end;
        while (to > 0) {
            long from = Math.max(0, to - TAIL_CHUNK);
            ByteBuffer chunk = ByteBuffer.allocate((int) (to - from));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, from + chunk.position()) < 0) {
                    break;
                }
            }
            byte[] bytes = chunk.array();
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return from + i;
                }
            }
            to = from;
        }
        return -1;
    }
}
