package dev.autotransfer.memory;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.memory.MemoryTables.WorkItemRow;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore.DeadLetterEntry;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.NewWorkItem;
import dev.autotransfer.spi.TransferStore.OpenResult;
import dev.autotransfer.spi.TransferStore.Opening;
import dev.autotransfer.spi.TransferStore.RecordResult;
import dev.autotransfer.spi.TransferStore.Recording;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fenced writes of {@link InMemoryTransferStore}, as the JDBC store makes them under its row
 * locks: fences checked for the whole list first, then the events through the unique rules, then
 * the follow-ups. Also the schema's checks a write must pass. Stateless.
 */
final class MemoryWrites {

    private static final Set<String> KINDS = Set.of("CURRENT", "CATCH_UP", "REQUEUED", "OPEN_ATTEMPT");

    private MemoryWrites() {
    }

    static List<OpenResult> open(MemoryTables t, List<Opening> openings, Instant now) {
        OpenResult[] results = new OpenResult[openings.size()];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < openings.size(); i++) {
            Opening opening = openings.get(i);
            Schedule schedule = t.schedules.get(opening.item().occurrence().scheduleId());
            if (!held(t, opening.item()) || schedule == null || schedule.status() != opening.expectedStatus()
                    || schedule.version() != opening.expectedVersion()) {
                results[i] = OpenResult.FENCED;
            } else if (opening.event().type() == EventType.DEAD_LETTERED
                    && t.succeeded(opening.item().occurrence())) {
                // the money moved: a dead-lettering decided before a late SUCCEEDED committed is refused
                results[i] = OpenResult.REFUSED;
            } else {
                candidates.add(i);
            }
        }
        MemoryFollowUps followUps = new MemoryFollowUps(t);
        for (int i : candidates) {
            Opening opening = openings.get(i);
            if (t.append(opening.event())) {
                results[i] = OpenResult.OPENED;
                followUps.add(opening.item(), opening.followUp(), true, true, now);
            } else {
                results[i] = OpenResult.REFUSED;
            }
        }
        followUps.apply(now);
        return List.of(results);
    }

    static List<RecordResult> record(MemoryTables t, List<Recording> recordings, Instant now) {
        boolean[] held = new boolean[recordings.size()];
        boolean[] settled = new boolean[recordings.size()];
        for (int r = 0; r < recordings.size(); r++) {
            Recording recording = recordings.get(r);
            held[r] = held(t, recording.item());
            settled[r] = t.succeeded(recording.item().occurrence());
        }
        MemoryFollowUps followUps = new MemoryFollowUps(t);
        List<RecordResult> results = new ArrayList<>(recordings.size());
        for (int r = 0; r < recordings.size(); r++) {
            Recording recording = recordings.get(r);
            List<Boolean> flags = new ArrayList<>(recording.events().size());
            for (NewEvent event : recording.events()) {
                // what the bank answered is written whatever the lease (the unique rules guard it); an
                // engine decision only under the lease that decided it
                boolean write = (held[r] || !InMemoryTransferStore.isDecision(event.type()))
                        && !(event.type() == EventType.DEAD_LETTERED && settled[r]);
                flags.add(write && t.append(event));
            }
            boolean lastInserted = flags.isEmpty() || flags.get(flags.size() - 1);
            followUps.add(recording.item(), recording.followUp(), held[r], lastInserted, now);
            results.add(new RecordResult(flags, held[r], false));
        }
        followUps.apply(now);
        return results;
    }

    private static boolean held(MemoryTables t, ClaimedWorkItem item) {
        WorkItemRow row = t.items.get(item.id());
        return row != null && row.heldBy(item.leaseToken());
    }

    static void checkOpening(Opening opening) {
        checkEvent(opening.event());
        checkFollowUp(opening.followUp());
    }

    static void checkRecording(Recording recording) {
        recording.events().forEach(MemoryWrites::checkEvent);
        checkFollowUp(recording.followUp());
    }

    /** The schema's column limits and checks, which the database enforces on the JDBC store's writes. */
    private static void checkEvent(NewEvent event) {
        length("code", event.code(), 64);
        length("detail", event.detail(), 500);
        length("externalTransactionId", event.externalTransactionId(), 100);
        if (event.type() == EventType.SKIPPED && event.key().attempt() != 1) {
            throw new MemoryTransactions.CheckFailure("SKIPPED takes attempt 1's key only, was " + event.key());
        }
        TransferRequest request = event.request();
        if (request != null) {
            length("idempotencyKey", request.idempotencyKey(), 80);
            length("memo", request.memo(), 100);
            length("source bank code", request.source().bankCode(), 16);
            length("destination bank code", request.destination().bankCode(), 16);
            length("source account", request.source().accountNumber(), 34);
            length("destination account", request.destination().accountNumber(), 34);
        }
    }

    private static void checkFollowUp(FollowUp followUp) {
        length("pendingReason", followUp.pendingReason(), 32);
        DeadLetterEntry deadLetter = followUp.deadLetter();
        if (deadLetter != null) {
            length("dead letter code", deadLetter.code(), 64);
            length("dead letter detail", deadLetter.detail(), 500);
            length("dead letter bankKey", deadLetter.bankKey(), 80);
        }
        if (followUp.advance() != null) {
            for (NewWorkItem item : followUp.advance().newItems()) {
                length("work item bankCode", item.bankCode(), 16);
                if (!KINDS.contains(item.kind())) {
                    throw new MemoryTransactions.CheckFailure("work item kind must be one of " + KINDS + ", was '"
                            + item.kind() + "'");
                }
            }
            followUp.advance().skipped().forEach(MemoryWrites::checkEvent);
        }
    }

    private static void length(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new MemoryTransactions.CheckFailure(field + " is " + value.length() + " characters, the column holds "
                    + max);
        }
    }
}
