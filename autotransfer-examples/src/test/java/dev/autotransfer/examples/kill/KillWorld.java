package dev.autotransfer.examples.kill;

import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.ScheduleClient;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.SimulatedBankConfigBuilder;
import dev.autotransfer.domain.BusinessDayRule;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.examples.http.SimulatedBankServer;
import dev.autotransfer.jdbc.AutoTransferDatabase;
import dev.autotransfer.jdbc.PartitionMaintenance;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.jdbc.testing.UrlDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * What the kill -9 tests share: one test database, one simulated bank served over HTTP on 127.0.0.1
 * (its record of executed debits is what the checks read), a batch of due schedules each with a source
 * account of its own, engine JVMs started as child processes with their output in files, and the
 * invariant checks against the bank's record and history. Not thread-safe except where noted.
 */
final class KillWorld implements AutoCloseable {

    static final List<String> BANKS = List.of("KILL_A", "KILL_B");
    /** The engines' business zone (the default): the date the schedules fall due on. */
    static final ZoneId ZONE = ZoneId.of("Asia/Seoul");

    final TestDatabase db;
    final SimulatedBank bank;
    final SimulatedBankServer server;
    final LocalDate today = LocalDate.now(ZONE);
    final Path logs;
    /** Schedule id to its source account, for every schedule of the batch; filled by {@link #load}. */
    final Map<Long, AccountRef> sources = new ConcurrentHashMap<>();
    private final List<Child> children = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger starts = new AtomicInteger();

    KillWorld(TestDatabase db, long bankSeed, UnaryOperator<SimulatedBankConfigBuilder> faults) {
        this.db = db;
        // partitions for the real date (the test schema's are for the fixed test clock)
        PartitionMaintenance.create(db.dataSource(), Clock.systemUTC()).ensureMonthsAhead(3);
        this.bank = new SimulatedBank(bankSeed, Clock.systemUTC());
        configureBanks(faults);
        this.server = SimulatedBankServer.start(bank, 0, BANKS);
        this.logs = Path.of("target", "kill9", db.dialect().name().toLowerCase() + "-" + db.name());
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets every bank's faults: the given ones on an unlimited request rate and 24 h key retention. */
    void configureBanks(UnaryOperator<SimulatedBankConfigBuilder> faults) {
        for (String code : BANKS) {
            bank.configure(code, faults.apply(SimulatedBankConfig.custom().requestsPerSecond(1_000_000)).build());
        }
    }

    String dialect() {
        return db.dialect().name().toLowerCase();
    }

    /** The application role's pool in this JVM (the same size at every call). */
    DataSource pool() {
        return db.appPool(24);
    }

    Jdbi jdbi() {
        return db.appJdbi();
    }

    /** The prefix the engines put before every key (the installation id and a dash). */
    String keyPrefix() {
        return AutoTransferDatabase.of(pool()).installationId() + "-";
    }

    /** Registers {@code count} monthly schedules due today, each debiting its own funded account. */
    void load(int count) throws Exception {
        load(0, count);
    }

    /** Registers schedules {@code from} (inclusive) to {@code to} (exclusive) of the batch; see {@link #load(int)}. */
    void load(int from, int to) throws Exception {
        ScheduleClient store = AutoTransferDatabase.builder(pool()).dialect(db.dialect()).clock(Clock.systemUTC())
                .build().schedules();
        ExecutorService loaders = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger(from);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                done.add(loaders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        String code = BANKS.get(i % BANKS.size());
                        AccountRef source = AccountRef.of(code, String.format("110-%04d-%06d", i / 1_000_000,
                                i % 1_000_000));
                        bank.openAccount(source, Money.krw(10_000_000));
                        Schedule schedule = store.create(ScheduleSpec.builder()
                                .clientReference("kill9-" + i)
                                .source(source)
                                .destination(AccountRef.of("PAYEE", String.format("990-%04d-%06d", i / 1_000_000,
                                        i % 1_000_000)))
                                .amount(Money.krw(1_000 + i % 1_000))
                                .memo("kill9 " + i)
                                .priority(i % 10 == 0 ? Priority.P0 : i % 10 >= 7 ? Priority.P2 : Priority.P1)
                                .recurrence(Recurrence.monthly(today, today.getDayOfMonth()))
                                .businessDayRule(BusinessDayRule.NONE)
                                .build(), AuditContext.of("kill9-loader"));
                        sources.put(schedule.id(), source);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            loaders.shutdownNow();
        }
    }

    /** Schedules whose occurrence of today has not ended (no SUCCEEDED, DEAD_LETTERED, SKIPPED or CANCELLED). */
    long openOccurrences() {
        return jdbi().withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM at_schedule s WHERE NOT EXISTS (SELECT 1 FROM at_history h
                WHERE h.schedule_id = s.id AND h.nominal_date = :today
                AND h.event_type IN ('SUCCEEDED', 'DEAD_LETTERED', 'SKIPPED', 'CANCELLED'))""")
                .bind("today", today).mapTo(Long.class).one());
    }

    /**
     * The final drain: an engine in this JVM (over HTTP, like the children) runs passes until every
     * occurrence of the batch ended or the time is up; the killed engines' leases expire meanwhile.
     */
    void drain(long timeoutNanos) throws InterruptedException {
        BankDirectory banks = KillableEngineMain.directory(server.baseUri(), BANKS.toArray(String[]::new), true);
        long deadline = System.nanoTime() + timeoutNanos;
        try (AutoTransferEngine engine = AutoTransferDatabase.of(pool()).engine(banks)
                .config(KillableEngineMain.raceConfig(8)).nodeId("drain-" + dialect()).build()) {
            while (System.nanoTime() < deadline) {
                engine.runOnce();
                if (openOccurrences() == 0) {
                    return;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Starts an engine JVM (see {@link KillableEngineMain}); its output goes to files under {@link #logs}. */
    Child start(String mode, String nodeId, int workers) {
        Path marker = logs.resolve(nodeId + ".marker");
        Path out = logs.resolve(nodeId + ".log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                KillableEngineMain.class.getName(),
                mode, nodeId, server.baseUri().toString(), String.join(",", BANKS), Integer.toString(workers),
                marker.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()));
        builder.environment().put(KillableEngineMain.JDBC_URL_ENV, ((UrlDataSource) db.appDataSource()).url());
        try {
            Files.deleteIfExists(marker);
            Child child = new Child(nodeId, builder.start(), marker, out);
            children.add(child);
            starts.incrementAndGet();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an engine JVM", e);
        }
    }

    /** Engine JVMs started so far. Thread-safe. */
    int jvmStarts() {
        return starts.get();
    }

    /** The last lines of every child's output, for a failure message. */
    String tails() {
        StringBuilder text = new StringBuilder();
        synchronized (children) {
            for (Child child : children) {
                String tail = child.tail(8);
                if (!tail.isBlank()) {
                    text.append("--- ").append(child.nodeId).append(" (").append(child.out).append(")\n").append(tail);
                }
            }
        }
        return text.toString();
    }

    /** Kills every child still alive. */
    @Override
    public void close() {
        synchronized (children) {
            children.forEach(c -> c.process.destroyForcibly());
        }
        server.close();
    }

    /** Invariant figures from the bank's record and history; see {@link #check()}. */
    record Check(int debits, int doubleDebitsByKey, int doubleDebitsByOccurrence, int doubleDebitsByAccount,
            int debitsWithoutSucceeded, int succeededWithoutOneDebit, int succeeded, int deadLettered, int skipped,
            int pendingWithReason, int lost, int takenOver, int executedBeforeKill, List<String> examples) {

        int doubleDebits() {
            return doubleDebitsByKey + doubleDebitsByOccurrence + doubleDebitsByAccount;
        }

        String figures() {
            return "debits=" + debits + " doubleDebits=" + doubleDebits() + " succeeded=" + succeeded
                    + " deadLettered=" + deadLettered + " skipped=" + skipped + " pendingWithReason="
                    + pendingWithReason + " lost=" + lost + " takenOverAfterKill=" + takenOver
                    + " executedBeforeKillRecordedByAnother=" + executedBeforeKill
                    + " debitsWithoutSucceeded=" + debitsWithoutSucceeded + " succeededWithoutOneDebit="
                    + succeededWithoutOneDebit;
        }
    }

    /**
     * Holds the bank's own record against history for today's occurrence of every schedule of the batch:
     * no key and no occurrence debited twice (the occurrence read both from the key and from the debited
     * account, which belongs to one schedule), every debit backed by a SUCCEEDED of its key with the bank's
     * transaction id, every SUCCEEDED backed by exactly one debit, and every occurrence ended (SUCCEEDED,
     * DEAD_LETTERED, SKIPPED, CANCELLED) or pending with a reason on its work item.
     */
    Check check() {
        String prefix = keyPrefix();
        List<String> examples = new ArrayList<>();
        List<ExecutedDebit> debits = bank.executedDebits();
        Map<String, List<ExecutedDebit>> byKey = new HashMap<>();
        Map<String, Integer> byOccurrence = new HashMap<>();
        Map<AccountRef, Integer> byAccount = new HashMap<>();
        for (ExecutedDebit debit : debits) {
            byKey.computeIfAbsent(debit.idempotencyKey(), k -> new ArrayList<>()).add(debit);
            String key = debit.idempotencyKey();
            String occurrence = key.startsWith(prefix) ? key.substring(prefix.length(), key.lastIndexOf(':')) : key;
            byOccurrence.merge(occurrence, 1, Integer::sum);
            byAccount.merge(debit.source(), 1, Integer::sum);
        }
        int byKeyTwice = count(byKey.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey).toList(), "key debited twice: ", examples);
        int byOccurrenceTwice = count(byOccurrence.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).toList(), "occurrence debited twice: ", examples);
        int byAccountTwice = count(byAccount.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey().toString()).toList(), "account debited twice: ", examples);
        if (!bank.occurrencesExecutedMoreThanOnce().isEmpty() && byOccurrenceTwice == 0) {
            byOccurrenceTwice = bank.occurrencesExecutedMoreThanOnce().size();
            examples.add("bank: occurrences executed more than once " + bank.occurrencesExecutedMoreThanOnce());
        }

        // history: the STARTED of an attempt records the key sent to the bank; other events name the attempt
        Map<String, String> bankKeyOfAttempt = new HashMap<>(); // scheduleId:date:attempt -> key sent
        Map<String, String> succeededExternalId = new HashMap<>(); // attempt -> the bank's transaction id
        Map<Long, String> ended = new HashMap<>(); // schedule id -> terminal event type
        Map<String, String> startedBy = new HashMap<>(); // attempt -> node of its STARTED
        Map<String, String> succeededBy = new HashMap<>();
        jdbi().useHandle(h -> h.createQuery("""
                SELECT schedule_id, event_type, attempt, idempotency_key, external_transaction_id, node_id
                FROM at_history WHERE nominal_date = :today
                AND event_type IN ('STARTED', 'SUCCEEDED', 'DEAD_LETTERED', 'SKIPPED', 'CANCELLED')""")
                .bind("today", today).map((rs, ctx) -> {
                    long id = rs.getLong(1);
                    String type = rs.getString(2);
                    String attempt = id + ":" + today + ":" + rs.getInt(3);
                    switch (type) {
                        case "STARTED" -> {
                            bankKeyOfAttempt.put(attempt, rs.getString(4));
                            startedBy.put(attempt, rs.getString(6));
                        }
                        case "SUCCEEDED" -> {
                            succeededExternalId.put(attempt, rs.getString(5));
                            succeededBy.put(attempt, rs.getString(6));
                            ended.put(id, type);
                        }
                        default -> ended.putIfAbsent(id, type);
                    }
                    return id;
                }).list());
        Map<String, String> attemptOfBankKey = new HashMap<>();
        bankKeyOfAttempt.forEach((attempt, key) -> attemptOfBankKey.put(key, attempt));
        Set<Long> pendingWithReason = new HashSet<>(jdbi().withHandle(h -> h.createQuery("""
                SELECT schedule_id FROM at_work_item WHERE nominal_date = :today AND pending_reason IS NOT NULL""")
                .bind("today", today).mapTo(Long.class).list()));

        List<String> unbacked = new ArrayList<>();
        for (Map.Entry<String, List<ExecutedDebit>> entry : byKey.entrySet()) {
            String attempt = attemptOfBankKey.get(entry.getKey());
            String externalId = attempt == null ? null : succeededExternalId.get(attempt);
            if (externalId == null || !externalId.equals(entry.getValue().get(0).externalTransactionId())) {
                unbacked.add(entry.getKey() + " (attempt " + attempt + ", SUCCEEDED external id " + externalId + ")");
            }
        }
        int debitsWithoutSucceeded = count(unbacked, "debit without its SUCCEEDED: ", examples);
        int succeededWithoutOneDebit = count(succeededExternalId.keySet().stream()
                .filter(a -> byKey.getOrDefault(bankKeyOfAttempt.get(a), List.of()).size() != 1).toList(),
                "SUCCEEDED without exactly one debit: ", examples);
        int pending = 0;
        List<String> lost = new ArrayList<>();
        for (long id : sources.keySet()) {
            if (!ended.containsKey(id)) {
                if (pendingWithReason.contains(id)) {
                    pending++;
                } else {
                    lost.add(id + ":" + today);
                }
            }
        }
        int lostCount = count(lost, "occurrence neither ended nor pending with a reason: ", examples);
        int takenOver = (int) succeededBy.entrySet().stream()
                .filter(e -> startedBy.containsKey(e.getKey()) && !startedBy.get(e.getKey()).equals(e.getValue()))
                .count();
        // the hard case: the bank executed an attempt before its engine was killed, another engine recorded it
        Map<String, Instant> killedAt = new HashMap<>();
        synchronized (children) {
            children.stream().filter(c -> c.killedAt != null).forEach(c -> killedAt.put(c.nodeId, c.killedAt));
        }
        int executedBeforeKill = (int) succeededBy.entrySet().stream().filter(e -> {
            String starter = startedBy.get(e.getKey());
            Instant killed = starter == null ? null : killedAt.get(starter);
            List<ExecutedDebit> debit = byKey.getOrDefault(bankKeyOfAttempt.get(e.getKey()), List.of());
            return killed != null && !starter.equals(e.getValue()) && !debit.isEmpty()
                    && debit.get(0).executedAt().isBefore(killed);
        }).count();
        return new Check(debits.size(), byKeyTwice, byOccurrenceTwice, byAccountTwice, debitsWithoutSucceeded,
                succeededWithoutOneDebit, countOf(ended, "SUCCEEDED"), countOf(ended, "DEAD_LETTERED"),
                countOf(ended, "SKIPPED"), pending, lostCount, takenOver, executedBeforeKill, List.copyOf(examples));
    }

    private int countOf(Map<Long, String> ended, String type) {
        return (int) ended.entrySet().stream().filter(e -> sources.containsKey(e.getKey()) && e.getValue().equals(type))
                .count();
    }

    private static int count(List<String> violations, String what, List<String> examples) {
        violations.stream().limit(3).forEach(v -> examples.add(what + v));
        return violations.size();
    }

    /** One engine JVM: its process, marker file and output file. */
    static final class Child {
        final String nodeId;
        final Process process;
        final Path marker;
        final Path out;
        final long startedAt = System.nanoTime();
        /** When SIGKILL was sent, or null while it was not. */
        volatile Instant killedAt;

        Child(String nodeId, Process process, Path marker, Path out) {
            this.nodeId = nodeId;
            this.process = process;
            this.marker = marker;
            this.out = out;
        }

        boolean marked() {
            return Files.exists(marker);
        }

        /** Sends SIGKILL and waits for the process to end; returns its exit value (137 after SIGKILL). */
        int kill9() throws InterruptedException {
            killedAt = Instant.now();
            process.destroyForcibly();
            return process.waitFor();
        }

        String tail(int lines) {
            try {
                if (!Files.exists(out)) {
                    return "";
                }
                List<String> all = Files.readAllLines(out, StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()))
                        + (all.isEmpty() ? "" : "\n");
            } catch (IOException | UncheckedIOException e) {
                return "(output unreadable: " + e + ")\n";
            }
        }
    }
}
