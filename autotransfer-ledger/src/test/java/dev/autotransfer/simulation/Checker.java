package dev.autotransfer.simulation;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.sim.ExecutedDebit;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.spi.ClaimedWorkItem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The invariants of the design brief and the protocol's own rules, checked against the simulated
 * bank's record and the database, never against the engine's belief about itself.
 *
 * <ul>
 *   <li>Per step, incrementally (new bank debits, new history rows, the scenario's schedules): at most
 *       one executed debit per occurrence; history only grows; no occurrence moves backwards (no event
 *       after its final state except a requeue, no second success, no attempt opened while another is
 *       open); no schedule's current occurrence moves back and no cancelled schedule comes back.</li>
 *   <li>At every bank call: the key's STARTED is committed and the request sent is the recorded one.</li>
 *   <li>At every claim: no work item has two live lease holders (a claimer's time before another
 *       holder's unreleased lease end).</li>
 *   <li>At every FAILED: the bank answered that key with a definitive rejection.</li>
 *   <li>After the final drain: every debit the bank executed is the recorded request of a SUCCEEDED (or
 *       of an attempt handed to a person), every SUCCEEDED has its debit, and every due occurrence
 *       ended or waits visibly with a reason.</li>
 * </ul>
 *
 * <p>Thread-safe: calls from engine threads and the controller are serialized on this object.
 */
final class Checker {

    private final Jdbi jdbi;
    private final SimulatedBank bank;
    private final Supplier<List<ExecutedDebit>> internal;
    private int internalSeen;
    private final String keyPrefix;
    private final Consumer<String> violations;
    private final Stats stats;
    private long minScheduleId = Long.MAX_VALUE;
    private int debitsSeen;
    private final Set<String> debitedOccurrences = new HashSet<>();
    private long lastSeq;
    private long rowsSeen;
    private final Map<Occurrence, OccurrenceState> occurrences = new HashMap<>();
    private final Map<Long, LocalDate> nextDue = new HashMap<>();
    private final Set<Long> cancelled = new HashSet<>();
    private final Map<Long, Holder> holders = new HashMap<>();
    private final Set<String> definitivelyRejected = new HashSet<>();
    private final Set<Long> poisonSchedules = new HashSet<>();

    /** A claim of a work item by an engine. */
    private record Holder(int engine, UUID token, Instant claimedAt, Instant leaseUntil, boolean released) { }

    /** What history has said about one occurrence so far. */
    private static final class OccurrenceState {
        final Map<Integer, String> finals = new HashMap<>();
        int highestAttempt;
        boolean succeeded;
        boolean ended;
        boolean deadLettered;
        /** The occurrence's events so far, for the text of a violation (an occurrence has a handful). */
        final StringBuilder events = new StringBuilder();

        /** The highest STARTED attempt without a final outcome, or 0. */
        int openAttempt() {
            return highestAttempt != 0 && !finals.containsKey(highestAttempt) ? highestAttempt : 0;
        }
    }

    /**
     * @param internal what the ledger's bank executed itself (moves between its accounts, which no
     *     outside bank sees), in the order it was read; only grows
     */
    Checker(Jdbi jdbi, SimulatedBank bank, Supplier<List<ExecutedDebit>> internal, String keyPrefix, Stats stats,
            Consumer<String> violations) {
        this.jdbi = jdbi;
        this.bank = bank;
        this.internal = internal;
        this.keyPrefix = keyPrefix;
        this.stats = stats;
        this.violations = violations;
    }

    /** A key as the attempt names it: STARTED rows and the bank hold it with the installation's prefix, other rows without. */
    private String strip(String key) {
        return key != null && key.startsWith(keyPrefix) ? key.substring(keyPrefix.length()) : key;
    }

    private void violation(String text) {
        violations.accept(text);
    }

    synchronized void scheduleCreated(long id, boolean poison) {
        minScheduleId = Math.min(minScheduleId, id);
        if (poison) {
            poisonSchedules.add(id);
        }
    }

    /** Whether history shows an open attempt for the schedule's occurrence on {@code date}. */
    synchronized boolean hasOpenAttempt(long scheduleId, LocalDate date) {
        OccurrenceState state = occurrences.get(new Occurrence(scheduleId, date));
        return state != null && state.openAttempt() != 0 && !state.ended;
    }

    // ---- at claims -------------------------------------------------------------------------------

    synchronized void claimed(int engine, List<ClaimedWorkItem> items, Instant engineNow) {
        for (ClaimedWorkItem item : items) {
            Holder previous = holders.get(item.id());
            // with real threads claims may be reported out of order: two leases conflict when their
            // intervals overlap, whichever was reported first
            if (previous != null && previous.engine() != engine && !previous.released()) {
                if (engineNow.isBefore(previous.leaseUntil()) && previous.claimedAt().isBefore(item.leaseUntil())) {
                    violation("two live lease holders of work item " + item.id() + " (" + item.occurrence()
                            + "): engine " + previous.engine() + " from " + previous.claimedAt() + " until "
                            + previous.leaseUntil() + ", engine " + engine + " claimed at " + engineNow);
                } else {
                    stats.fault("twoEnginesSameRows");
                }
            }
            if (previous == null || !engineNow.isBefore(previous.claimedAt())) {
                holders.put(item.id(), new Holder(engine, item.leaseToken(), engineNow, item.leaseUntil(), false));
            }
        }
    }

    /**
     * A claim the store made and undid (rolled back, or a lost commit whose lease it released): the
     * rows were claimable at {@code engineNow}, so any lease before it was over, and nobody holds them
     * now. Not judged as a claim: with real threads the report may come after another engine's later,
     * legitimate claim, which it must not displace (only holders that claimed strictly earlier are).
     */
    synchronized void undone(int engine, List<ClaimedWorkItem> items, Instant engineNow) {
        for (ClaimedWorkItem item : items) {
            Holder previous = holders.get(item.id());
            if (previous == null || previous.claimedAt().isBefore(engineNow)) {
                holders.put(item.id(), new Holder(engine, item.leaseToken(), engineNow, item.leaseUntil(), true));
            }
        }
    }

    /** The engine gives the item's lease up (a release or delete is being written; fenced if lost). */
    synchronized void releasing(ClaimedWorkItem item) {
        Holder holder = holders.get(item.id());
        if (holder != null && holder.token().equals(item.leaseToken())) {
            holders.put(item.id(), new Holder(holder.engine(), holder.token(), holder.claimedAt(), holder.leaseUntil(), true));
        }
    }

    // ---- at bank calls ---------------------------------------------------------------------------

    /** Before a transfer reaches the bank: its STARTED must be committed and equal to what is sent. */
    void beforeCall(TransferRequest request) {
        List<Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery("""
                SELECT amount_minor, currency, source_bank, source_account, destination_bank, destination_account,
                       memo, request_created_at
                FROM at_history WHERE idempotency_key = :key AND event_type = 'STARTED'""")
                .bind("key", request.idempotencyKey()).mapToMap().list());
        if (rows.size() != 1) {
            violation("bank called with key " + request.idempotencyKey() + " with " + rows.size()
                    + " committed STARTED rows (must be exactly 1 before the call)");
            return;
        }
        Map<String, Object> row = rows.get(0);
        List<String> differences = new ArrayList<>();
        differ(differences, "amount", ((Number) row.get("amount_minor")).longValue(), request.amount().minorUnits());
        differ(differences, "currency", String.valueOf(row.get("currency")).trim(),
                request.amount().currency().getCurrencyCode());
        differ(differences, "source", row.get("source_bank") + "/" + row.get("source_account"),
                request.source().bankCode() + "/" + request.source().accountNumber());
        differ(differences, "destination", row.get("destination_bank") + "/" + row.get("destination_account"),
                request.destination().bankCode() + "/" + request.destination().accountNumber());
        differ(differences, "memo", Objects.toString(row.get("memo"), ""), Objects.toString(request.memo(), ""));
        Instant recordedAt = instant(row.get("request_created_at"));
        differ(differences, "createdAt", recordedAt == null ? null : recordedAt.truncatedTo(ChronoUnit.MICROS),
                request.createdAt().truncatedTo(ChronoUnit.MICROS));
        if (!differences.isEmpty()) {
            violation("request sent under key " + request.idempotencyKey() + " differs from its recorded STARTED in "
                    + differences);
        }
    }

    private static void differ(List<String> differences, String field, Object recorded, Object sent) {
        if (!Objects.equals(recorded, sent)) {
            differences.add(field + " (recorded " + recorded + ", sent " + sent + ")");
        }
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.Instant i) {
            return i;
        }
        if (value instanceof java.time.ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    /** The bank answered the key with a definitive rejection (recorded before any variant rewrites it). */
    synchronized void definitivelyRejected(String key) {
        definitivelyRejected.add(strip(key));
    }

    // ---- per step --------------------------------------------------------------------------------

    /** The bank's record: each new debit must be its occurrence's first. Cheap: only debits since the last call. */
    synchronized void bankRecord() {
        List<ExecutedDebit> debits = bank.executedDebits();
        for (int i = debitsSeen; i < debits.size(); i++) {
            debited(debits.get(i), "the bank's record");
        }
        debitsSeen = debits.size();
        List<ExecutedDebit> moves = internal.get();
        for (int i = internalSeen; i < moves.size(); i++) {
            debited(moves.get(i), "the ledger's movements");
        }
        internalSeen = moves.size();
    }

    private void debited(ExecutedDebit debit, String record) {
        if (!debitedOccurrences.add(debit.occurrenceId())) {
            violation("DOUBLE DEBIT: occurrence " + debit.occurrenceId() + " executed again under key "
                    + debit.idempotencyKey() + " (" + record + ")");
        }
    }

    /** New history rows since the last call, the scenario's schedules; only valid while no write is in flight. */
    synchronized void history() {
        if (minScheduleId == Long.MAX_VALUE) {
            return;
        }
        List<Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery("""
                SELECT seq, schedule_id, nominal_date, attempt, idempotency_key, event_type, code
                FROM at_history WHERE schedule_id >= :min AND seq > :last ORDER BY seq""")
                .bind("min", minScheduleId).bind("last", lastSeq).mapToMap().list());
        for (Map<String, Object> row : rows) {
            apply(row);
        }
        long count = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM at_history WHERE schedule_id >= :min")
                .bind("min", minScheduleId).mapTo(Long.class).one());
        rowsSeen += rows.size();
        if (count != rowsSeen) {
            violation("history has " + count + " rows, but " + rowsSeen + " were seen appended: rows vanished or"
                    + " were inserted out of sequence");
            rowsSeen = count;
        }
        schedules();
    }

    /** The whole history in sequence order (for real-thread runs, where rows may commit out of order). */
    synchronized void wholeHistory() {
        if (minScheduleId == Long.MAX_VALUE) {
            return;
        }
        occurrences.clear();
        lastSeq = 0;
        rowsSeen = 0;
        history();
    }

    private void apply(Map<String, Object> row) {
        long seq = ((Number) row.get("seq")).longValue();
        lastSeq = Math.max(lastSeq, seq);
        long scheduleId = ((Number) row.get("schedule_id")).longValue();
        LocalDate date = localDate(row.get("nominal_date"));
        Occurrence occurrence = new Occurrence(scheduleId, date);
        int attempt = row.get("attempt") == null ? 0 : ((Number) row.get("attempt")).intValue();
        String type = (String) row.get("event_type");
        String key = strip((String) row.get("idempotency_key"));
        OccurrenceState s = occurrences.computeIfAbsent(occurrence, o -> new OccurrenceState());
        s.events.append(s.events.length() == 0 ? "" : ", ").append(type).append(' ').append(attempt)
                .append(" (seq ").append(seq).append(')');
        String where = type + " " + attempt + " of " + occurrence + " (seq " + seq + ") [history: " + s.events + "]";
        switch (type) {
            case "STARTED" -> {
                if (s.ended) {
                    violation(where + " after the occurrence ended");
                }
                if (s.openAttempt() != 0) {
                    violation("NEW KEY WHILE OPEN: " + where + " while attempt " + s.openAttempt()
                            + " has no definitive outcome");
                }
                if (attempt <= s.highestAttempt) {
                    violation(where + " reuses attempt number " + attempt + " (highest so far " + s.highestAttempt + ")");
                }
                s.highestAttempt = Math.max(s.highestAttempt, attempt);
            }
            case "SUCCEEDED", "FAILED" -> {
                if (attempt < 1 || attempt > s.highestAttempt) {
                    violation(where + " of an attempt never STARTED");
                }
                String before = s.finals.putIfAbsent(attempt, type);
                if (before != null) {
                    violation(where + ": attempt " + attempt + " already had its final outcome " + before);
                }
                if ("SUCCEEDED".equals(type)) {
                    if (s.succeeded) {
                        violation(where + ": a second success");
                    }
                    s.succeeded = true;
                    s.ended = true;
                } else if (key != null && !definitivelyRejected.contains(key)) {
                    violation("FAILED WITHOUT REJECTION: " + where + ": the bank never rejected key " + key
                            + " definitively");
                }
            }
            case "UNKNOWN" -> {
                if (attempt < 1 || attempt > s.highestAttempt) {
                    violation(where + " of an attempt never STARTED");
                }
            }
            case "DEAD_LETTERED" -> {
                if (s.ended) {
                    violation(where + " after the occurrence ended");
                }
                if (s.openAttempt() != 0) {
                    stats.fault("escalatedToPerson");
                } else if (poisonSchedules.contains(scheduleId)) {
                    stats.fault("poisonDeadLettered");
                }
                s.ended = true;
                s.deadLettered = true;
            }
            case "REQUEUED" -> {
                if (!s.deadLettered) {
                    violation(where + " of an occurrence that was not dead-lettered");
                }
                if (s.openAttempt() != 0) {
                    violation(where + " while attempt " + s.openAttempt() + " is open (only exhausted entries requeue)");
                }
                s.ended = false;
                s.deadLettered = false;
            }
            case "SKIPPED", "CANCELLED" -> {
                if (s.ended) {
                    violation(where + " after the occurrence ended");
                }
                if (s.openAttempt() != 0) {
                    violation(where + " while attempt " + s.openAttempt() + " is open");
                }
                s.ended = true;
            }
            default -> {
                // other event types change nothing here
            }
        }
    }

    private void schedules() {
        List<Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, status, next_due_date FROM at_schedule WHERE id >= :min")
                .bind("min", minScheduleId).mapToMap().list());
        for (Map<String, Object> row : rows) {
            long id = ((Number) row.get("id")).longValue();
            String status = (String) row.get("status");
            LocalDate due = row.get("next_due_date") == null ? LocalDate.MAX : localDate(row.get("next_due_date"));
            LocalDate before = nextDue.put(id, due);
            if (before != null && due.isBefore(before)) {
                violation("schedule " + id + " moved back from " + before + " to " + due);
            }
            if (cancelled.contains(id) && !"CANCELLED".equals(status)) {
                violation("schedule " + id + " came back from CANCELLED to " + status);
            }
            if ("CANCELLED".equals(status)) {
                cancelled.add(id);
            }
        }
    }

    /** A DATE column as the drivers return it. */
    static LocalDate localDate(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        throw new IllegalStateException("unexpected date type " + value.getClass());
    }

    // ---- after the drain -------------------------------------------------------------------------

    /**
     * The final reconciliation, after every engine went quiet with faults off.
     *
     * @param horizon the day up to which every occurrence was due during the scenario
     */
    synchronized void afterDrain(LocalDate horizon) {
        bankRecord();
        wholeHistory();
        if (minScheduleId == Long.MAX_VALUE) {
            return;
        }
        Map<String, Map<String, Object>> started = new HashMap<>();
        Map<String, String> endings = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                SELECT idempotency_key, event_type, amount_minor, schedule_id, nominal_date
                FROM at_history WHERE schedule_id >= :min AND event_type IN ('STARTED', 'SUCCEEDED', 'DEAD_LETTERED')
                ORDER BY seq""").bind("min", minScheduleId).mapToMap().forEach(row -> {
                    String key = strip((String) row.get("idempotency_key"));
                    String type = (String) row.get("event_type");
                    if ("STARTED".equals(type)) {
                        started.put(key, row);
                    } else if (key != null) {
                        endings.merge(key, type, (a, b) -> a + "," + b);
                    }
                }));
        Set<String> debitedKeys = new HashSet<>();
        List<ExecutedDebit> executed = new ArrayList<>(bank.executedDebits());
        executed.addAll(internal.get());
        for (ExecutedDebit debit : executed) {
            if (!debit.idempotencyKey().startsWith(keyPrefix)) {
                continue;
            }
            long scheduleId = Long.parseLong(debit.idempotencyKey().substring(keyPrefix.length()).split(":")[0]);
            if (scheduleId < minScheduleId) {
                continue;
            }
            String key = strip(debit.idempotencyKey());
            debitedKeys.add(key);
            Map<String, Object> start = started.get(key);
            if (start == null) {
                violation("the bank executed key " + debit.idempotencyKey() + " that history never STARTED");
                continue;
            }
            if (((Number) start.get("amount_minor")).longValue() != debit.amount().minorUnits()) {
                violation("the bank executed " + debit.amount() + " under key " + debit.idempotencyKey()
                        + " whose STARTED recorded " + start.get("amount_minor"));
            }
            String ending = endings.get(key);
            if (ending == null || !(ending.contains("SUCCEEDED") || ending.contains("DEAD_LETTERED"))) {
                violation("LOST SUCCESS: the bank executed key " + debit.idempotencyKey()
                        + " but history has neither SUCCEEDED nor a hand-over to a person for it");
            }
        }
        endings.forEach((key, ending) -> {
            if (ending.contains("SUCCEEDED") && !debitedKeys.contains(key)) {
                violation("history says key " + key + " SUCCEEDED but the bank executed no debit under it");
            }
        });
        // nothing lost: an occurrence that is not over has a work item; an active schedule's due occurrence is over
        Set<Occurrence> items = new HashSet<>();
        jdbi.useHandle(h -> h.createQuery("SELECT schedule_id, nominal_date FROM at_work_item WHERE schedule_id >= :min")
                .bind("min", minScheduleId).mapToMap().forEach(row -> items.add(new Occurrence(
                        ((Number) row.get("schedule_id")).longValue(), localDate(row.get("nominal_date"))))));
        occurrences.forEach((occurrence, state) -> {
            if (!state.ended && !items.contains(occurrence)) {
                violation("LOST: " + occurrence + " has not ended (open attempt " + state.openAttempt()
                        + ") and no work item waits for it");
            }
        });
        jdbi.useHandle(h -> h.createQuery("""
                SELECT s.id, s.status, s.next_due_date FROM at_schedule s
                WHERE s.id >= :min AND s.status <> 'CANCELLED' AND s.next_due_date IS NOT NULL""")
                .bind("min", minScheduleId).mapToMap().forEach(row -> {
                    long id = ((Number) row.get("id")).longValue();
                    LocalDate due = localDate(row.get("next_due_date"));
                    Occurrence current = new Occurrence(id, due);
                    if (!items.contains(current)) {
                        OccurrenceState state = occurrences.get(current);
                        if (state == null || !state.ended) {
                            violation("LOST: schedule " + id + " (" + row.get("status") + ") points at " + due
                                    + " with no work item for it");
                        }
                    }
                    if ("ACTIVE".equals(row.get("status")) && due.isBefore(horizon.minusDays(7))) {
                        violation("schedule " + id + " is still at " + due + ", more than a week before " + horizon
                                + ", after the drain");
                    }
                }));
    }
}
