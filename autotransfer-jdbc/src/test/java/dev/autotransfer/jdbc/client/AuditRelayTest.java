package dev.autotransfer.jdbc.client;

import static dev.autotransfer.jdbc.client.ClientFixture.ALICE;
import static dev.autotransfer.jdbc.client.ClientFixture.JSON;
import static dev.autotransfer.jdbc.client.ClientFixture.rent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autotransfer.audit.JsonLinesAuditSink;
import dev.autotransfer.client.ScheduleEdit;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.jdbc.AuditRelay;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.AuditRecord;
import dev.autotransfer.spi.AuditSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The audit log reaches the JSON-lines file exactly once, masked, in order, waiting out open inserts. */
class AuditRelayTest {

    private static final Duration GRACE = Duration.ofMinutes(10);

    private static AuditRelay relay(ClientFixture f, AuditSink sink) {
        return AuditRelay.builder(f.db.appDataSource()).dialect(f.db.dialect()).clock(f.clock).gracePeriod(GRACE)
                .batchSize(3).sink(sink).build();
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static List<Long> seqs(Path file) throws IOException {
        return lines(file).stream().map(n -> n.get("seq").asLong()).toList();
    }

    private static List<Long> dbSeqs(ClientFixture f) {
        return f.audit().stream().map(ClientFixture.AuditRow::seq).toList();
    }

    @DatabaseTest
    void committed_changes_reach_the_file_exactly_once_across_crashes_and_a_failing_sink(TestDatabase db,
            @TempDir Path dir) throws IOException {
        ClientFixture f = new ClientFixture(db);
        Path file = dir.resolve("audit.jsonl");
        Schedule a = f.client.create(rent("relay-a").build(), ALICE);
        Schedule b = f.client.create(rent("relay-b").build(), ALICE);
        f.client.pause(a.id(), 0, ALICE);
        f.client.edit(b.id(), 0, ScheduleEdit.builder().memo("edited").build(), ALICE);

        // committed, never relayed, the process "crashed": a new relay and sink relay each once
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open("file", file)) {
            AuditRelay.Report report = relay(f, sink).relayOnce();
            assertThat(report.sink("file").delivered()).isEqualTo(4);
            assertThat(report.sink("file").failure()).isNull();
            assertThat(relay(f, sink).relayOnce().sink("file").delivered()).isZero();
        }
        assertThat(seqs(file)).isEqualTo(dbSeqs(f));

        // a sink that stores two entries, then fails: the retry adds only what is missing
        f.client.resume(a.id(), 1, ALICE);
        f.client.cancel(a.id(), 2, ALICE);
        f.client.cancel(b.id(), 1, ALICE);
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open("file", file)) {
            AuditSink failing = new AuditSink() {
                @Override
                public String name() {
                    return "file";
                }

                @Override
                public void deliver(List<AuditRecord> records) {
                    sink.deliver(records.subList(0, 2));
                    throw new IllegalStateException("disk full");
                }
            };
            AuditRelay.SinkReport failed = relay(f, failing).relayOnce().sink("file");
            assertThat(failed.failure()).contains("disk full");
            assertThat(failed.watermark()).isEqualTo(dbSeqs(f).get(3));
            assertThat(seqs(file)).hasSize(6);
            assertThat(relay(f, sink).relayOnce().sink("file").failure()).isNull();
        }
        assertThat(seqs(file)).isEqualTo(dbSeqs(f));

        // a crash after the delivery, before the watermark moved: delivered again, dropped by seq
        db.appJdbi().useHandle(h -> h.execute("UPDATE at_audit_relay SET last_relayed_seq = 0"));
        Files.writeString(file, "{\"seq\":999,\"act", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open("file", file)) {
            assertThat(sink.lastSeq()).as("a torn last line is removed").isEqualTo(dbSeqs(f).get(6));
            AuditRelay.SinkReport again = relay(f, sink).relayOnce().sink("file");
            assertThat(again.delivered()).isEqualTo(7);
            assertThat(again.watermark()).isEqualTo(dbSeqs(f).get(6));
        }
        assertThat(seqs(file)).isEqualTo(dbSeqs(f)).hasSize(7);
        List<JsonNode> lines = lines(file);
        assertThat(lines).extracting(n -> n.get("action").asText())
                .containsExactly("CREATE", "CREATE", "PAUSE", "EDIT", "RESUME", "CANCEL", "CANCEL");
        assertThat(lines.get(3).get("before").get("memo").asText()).isEqualTo("rent");
        assertThat(lines.get(3).get("after").get("memo").asText()).isEqualTo("edited");
        assertThat(lines.get(0).get("actor").asText()).isEqualTo("alice@ops");
        assertThat(lines.get(0).get("clientIp").asText()).isEqualTo("203.0.113.7");
        assertThat(lines.get(0).get("before").isNull()).isTrue();
        assertThat(lines.get(0).get("occurredAt").asText()).isEqualTo(ClientFixture.NOW.toString());
    }

    @DatabaseTest
    void account_numbers_are_masked_in_the_file_and_kept_whole_in_the_database(TestDatabase db, @TempDir Path dir)
            throws IOException {
        ClientFixture f = new ClientFixture(db);
        Path file = dir.resolve("audit.jsonl");
        Schedule s = f.client.create(rent("masked").build(), ALICE);
        f.client.edit(s.id(), 0, ScheduleEdit.builder()
                .destination(dev.autotransfer.bank.AccountRef.of("BANK_C", "77778888999900")).build(), ALICE);
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open("file", file)) {
            relay(f, sink).relayOnce();
        }

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("1002-3004-5006").doesNotContain("2002-3004-5007")
                .doesNotContain("77778888999900").doesNotContain("1002-3004").doesNotContain("77778888");
        JsonNode edit = lines(file).get(1);
        assertThat(edit.get("before").get("sourceAccount").asText()).isEqualTo("****5006");
        assertThat(edit.get("before").get("destinationAccount").asText()).isEqualTo("****5007");
        assertThat(edit.get("after").get("destinationAccount").asText()).isEqualTo("****9900");
        assertThat(edit.get("after").get("destinationBank").asText()).isEqualTo("BANK_C");
        assertThat(f.audit().get(1).after().get("destinationAccount").asText()).isEqualTo("77778888999900");
    }

    @DatabaseTest
    void the_relay_waits_at_an_entry_of_an_open_transaction_until_it_commits_or_the_grace_period_passes(
            TestDatabase db, @TempDir Path dir) throws Exception {
        ClientFixture f = new ClientFixture(db);
        Path file = dir.resolve("audit.jsonl");
        Schedule s = f.client.create(rent("gap-before").build(), ALICE);
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open("file", file);
                Connection open = db.appDataSource().getConnection()) {
            AuditRelay relay = relay(f, sink);
            open.setAutoCommit(false);
            f.client.create(open, rent("gap-open").build(), ALICE);  // takes its seq, not committed
            f.client.pause(s.id(), 0, ALICE);                        // a later seq, committed
            long first = dbSeqs(f).get(0);

            AuditRelay.SinkReport waiting = relay.relayOnce().sink("file");
            assertThat(waiting.watermark()).isEqualTo(first);
            assertThat(waiting.waitingFor()).isEqualTo(first + 1);
            assertThat(seqs(file)).containsExactly(first);
            f.clock.advance(GRACE.minusSeconds(1));
            assertThat(relay.relayOnce().sink("file").waitingFor()).isEqualTo(first + 1);
            assertThat(seqs(file)).containsExactly(first);

            open.commit();
            AuditRelay.SinkReport committed = relay.relayOnce().sink("file");
            assertThat(committed.waitingFor()).isNull();
            assertThat(committed.skipped()).isEmpty();
            assertThat(seqs(file)).containsExactly(first, first + 1, first + 2);
            assertThat(lines(file).get(1).get("after").get("clientReference").asText()).isEqualTo("gap-open");

            // a transaction that rolls back leaves a gap for good: skipped once the grace period has passed
            f.client.create(open, rent("gap-rolled-back").build(), ALICE);
            open.rollback();
            f.client.resume(s.id(), 1, ALICE);
            List<Long> all = dbSeqs(f);
            long after = all.get(all.size() - 1);
            assertThat(after).as("the rolled-back insert took a seq").isGreaterThan(first + 3);
            assertThat(relay.relayOnce().sink("file").waitingFor()).isEqualTo(first + 3);
            assertThat(seqs(file)).hasSize(3);

            f.clock.advance(GRACE.plusSeconds(1));
            AuditRelay.SinkReport skipped = relay.relayOnce().sink("file");
            assertThat(skipped.skipped()).containsExactly(new AuditRelay.Gap(first + 3, after - 1));
            assertThat(skipped.waitingFor()).isNull();
            assertThat(seqs(file)).containsExactly(first, first + 1, first + 2, after);
        }
    }
}
