package dev.autotransfer.internal.protocol;

import dev.autotransfer.internal.fleet.RunTally;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.internal.events.SafeListener;
import dev.autotransfer.internal.fleet.RolloutController;
import dev.autotransfer.internal.loop.WorkerLimit;
import static dev.autotransfer.internal.protocol.ScheduleLogContext.withSchedule;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.internal.bankcall.BankLane;
import dev.autotransfer.internal.bankcall.LaneResult;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore;
import dev.autotransfer.spi.TransferStore.ClaimedOccurrence;
import dev.autotransfer.spi.TransferStore.DeadLetterEntry;
import dev.autotransfer.spi.TransferStore.DeadLetterKind;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.OpenResult;
import dev.autotransfer.spi.TransferStore.Opening;
import dev.autotransfer.spi.TransferStore.RecordResult;
import dev.autotransfer.spi.TransferStore.Recording;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Steps 1 to 5 of the execution protocol for one chunk of one (bank, priority): claim, read,
 * decide, open under the fence, call the bank, record. Never holds a transaction across a call:
 * every STARTED of the chunk is committed by {@link TransferStore#open} before the first call, and
 * outcomes are recorded after the calls returned. Thread-safe: each call of {@link #process} works
 * on its own chunk.
 */
public final class ChunkProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkProtocol.class);

    private final TransferStore store;
    private final Map<String, BankLane> lanes;
    private final Map<String, KeyRetention> retentions;
    private final EngineConfig config;
    private final StepPlanner planner;
    private final RetryPolicy retries;
    private final ScheduleAdvancer advancer;
    private final SafeListener listener;
    private final TimeSource time;
    private final String nodeId;
    private final RunTally tally;
    private final CallFanOut fanOut;
    private final WorkerLimit workers;
    private final RolloutController rollout;
    private final RetentionWatch retentionWatch;

    public ChunkProtocol(TransferStore store, Map<String, BankLane> lanes, Map<String, KeyRetention> retentions,
            EngineConfig config, ScheduleAdvancer advancer, SafeListener listener, TimeSource time, String nodeId,
            RunTally tally, CallFanOut fanOut, WorkerLimit workers, RolloutController rollout, RetryPolicy retries) {
        this.fanOut = fanOut;
        this.workers = workers;
        this.store = store;
        this.lanes = lanes;
        this.retentions = retentions;
        this.config = config;
        this.retries = retries;
        this.planner = new StepPlanner(config.resendMargin(), retries);
        this.advancer = advancer;
        this.listener = listener;
        this.time = time;
        this.nodeId = nodeId;
        this.tally = tally;
        this.rollout = rollout;
        this.retentionWatch = new RetentionWatch(config.rollout().retentionWarningAt(), config.resendMargin(), listener);
    }

    /**
     * Works one chunk.
     *
     * @param newSendsStopped whether the run is stopped: open attempts are still resolved, no new one starts
     * @return how many work items were asked for (0 when the bank's pipeline is full) and claimed
     */
    public ChunkClaim process(String bank, Priority priority, long runId, boolean newSendsStopped) {
        if (time.skew().filter(skew -> skew.compareTo(config.maxClockSkew()) > 0).isPresent()) {
            // leases and not-before times would be judged on a wrong clock: claim nothing (an epoch
            // over a backlog lasts long; the engine raises CLOCK_SKEW when the epoch ends)
            return new ChunkClaim(config.chunkSize(), 0);
        }
        BankLane lane = lanes.get(bank);
        int admitted = lane.admit(priority, config.chunkSize());
        if (admitted == 0) {
            return new ChunkClaim(0, 0);
        }
        Instant now = time.now();
        MDC.put("runId", Long.toString(runId));
        try {
            // the decision runs inside the claim's transaction: it reads nothing from the store
            rollout.prepare(runId, newSendsStopped ? 0 : config.chunkSize(), now);
            Chunk[] planned = new Chunk[1];
            long claimStart = System.nanoTime();
            TransferStore.ClaimedChunk claimed = store.claimAndOpen(bank, priority, admitted, nodeId, now,
                    config.lease(), occurrences -> {
                        Chunk chunk = new Chunk(lane, retentions.get(bank), now, newSendsStopped);
                        for (ClaimedOccurrence co : occurrences) {
                            withSchedule(co.item(), () -> chunk.plan(co));
                        }
                        planned[0] = chunk;
                        return List.copyOf(chunk.openings);
                    });
            workers.storeCall(System.nanoTime() - claimStart);
            int count = claimed.occurrences().size();
            if (count == 0) {
                return new ChunkClaim(admitted, 0);
            }
            tally.claimed.add(count);
            listener.claimed(bank, priority, count);
            Chunk chunk = planned[0];
            chunk.opened(claimed.results());
            chunk.call();
            chunk.record();
            return new ChunkClaim(admitted, count);
        } finally {
            lane.release(priority, admitted);
            MDC.remove("runId");
            MDC.remove("scheduleId");
        }
    }

    /** One chunk's plan: openings first, then calls, then recordings. */
    private final class Chunk {
        private final BankLane lane;
        private final KeyRetention retention;
        private final Instant now;
        private final boolean newSendsStopped;
        private final List<Opening> openings = new ArrayList<>();
        private final List<ClaimedOccurrence> openingFor = new ArrayList<>();
        private final List<BankCall> calls = new ArrayList<>();
        /** Written by the chunk's calls side by side. */
        private final List<Recording> recordings = Collections.synchronizedList(new ArrayList<>());

        Chunk(BankLane lane, KeyRetention retention, Instant now, boolean newSendsStopped) {
            this.lane = lane;
            this.retention = retention;
            this.now = now;
            this.newSendsStopped = newSendsStopped;
        }

        void plan(ClaimedOccurrence co) {
            try {
                NextStep step = planner.decide(co.history(), co.schedule().status(), co.item().priority(),
                        retention, now);
                retentionWatch.check(co.item(), step, retention, now);
                planStep(co, step);
            } catch (RuntimeException e) {
                // a decision that cannot be made (a calendar that does not cover a date, a bad stored
                // value) must not stop the chunk: the item waits and an operator is told
                LOG.error("cannot decide {} of work item {}: {}", co.item().occurrence(), co.item().id(), e.toString());
                alarm(Alarm.Kind.STORE_FAILURE, co, "cannot decide: " + e.getMessage());
                recordings.add(new Recording(co.item(), List.of(),
                        FollowUp.retryAt(now.plus(retries.afterDecisionError(co.item().priority())), "DECISION_ERROR")));
            }
        }

        private void planStep(ClaimedOccurrence co, NextStep step) {
            Schedule schedule = co.schedule();
            ClaimedWorkItem item = co.item();
            if (step instanceof NextStep.RepairAfterSuccess s) {
                recordings.add(new Recording(item, List.of(), FollowUp.done()
                        .withAdvance(advancer.afterEnd(schedule, date(co), s.succeeded().occurredAt(), now))));
            } else if (step instanceof NextStep.Finished) {
                recordings.add(new Recording(item, List.of(), FollowUp.done()
                        .withAdvance(advancer.afterEnd(schedule, date(co), null, now))));
            } else if (step instanceof NextStep.Inquire i) {
                calls.add(new BankCall(co, i.started(), true));
            } else if (step instanceof NextStep.Resend r) {
                calls.add(new BankCall(co, r.started(), false));
            } else if (step instanceof NextStep.EscalateToPerson e) {
                recordings.add(escalation(co, e.started().key(), e.started().request(), now, "UNRESOLVED",
                        "outcome unknown up to the bank's key retention"));
            } else if (step instanceof NextStep.Cancel c) {
                open(co, ScheduleStatus.CANCELLED, NewEvent.of(c.key(), EventType.CANCELLED, now, null,
                        "schedule cancelled"), FollowUp.done());
            } else if (step instanceof NextStep.Park) {
                park(co);
            } else if (step instanceof NextStep.DeadLetter d) {
                String code = co.history().lastFailure().map(HistoryEvent::code).orElse(null);
                open(co, ScheduleStatus.ACTIVE, NewEvent.of(d.lastKey(), EventType.DEAD_LETTERED, now, code,
                        d.failures() + " definitive failures"), FollowUp.done()
                        .withDeadLetter(new DeadLetterEntry(d.lastKey(), bankKey(co, d.lastKey()),
                                DeadLetterKind.EXHAUSTED, code, d.failures() + " definitive failures"))
                        .withAdvance(advancer.afterEnd(schedule, date(co), null, now)));
            } else if (step instanceof NextStep.StartAttempt s) {
                if (newSendsStopped || !rollout.takeSend()) {
                    // not sent, nothing lost: a stopped run waits for its resume, a stage's cap for its end
                    recordings.add(new Recording(item, List.of(), newSendsStopped ? FollowUp.retryAt(
                            now.plus(config.parkInterval()), "RUN_STOPPED")
                            : FollowUp.retryAt(rollout.postponeUntil(now), "ROLLOUT_STAGE_CAP")));
                    return;
                }
                ScheduleSpec spec = schedule.spec();
                TransferRequest request = new TransferRequest(config.keyPrefix() + s.key().format(), spec.source(),
                        spec.destination(), spec.amount(), spec.memo(), now);
                open(co, ScheduleStatus.ACTIVE, new NewEvent(s.key(), EventType.STARTED, now, request, null, null,
                        null), FollowUp.keep());
            } else {
                throw new IllegalStateException("unhandled step " + step);
            }
        }

        private void park(ClaimedOccurrence co) {
            var following = advancer.whileOpen(co.schedule(), date(co), now);
            if (following != null && co.history().highestStartedAttempt() == 0) {
                // a paused occurrence whose period has passed without an attempt is skipped, so a
                // resume never debits every paused month
                open(co, ScheduleStatus.PAUSED, NewEvent.of(co.history().nextKey(), EventType.SKIPPED, now, "PAUSED",
                        "schedule paused through the occurrence's period"), FollowUp.done().withAdvance(following));
            } else {
                recordings.add(new Recording(co.item(), List.of(),
                        FollowUp.retryAt(now.plus(config.parkInterval()), "PAUSED").withAdvance(following)
                                .withReleaseFence(co.schedule().version())));
            }
        }

        private void open(ClaimedOccurrence co, ScheduleStatus expected, NewEvent event, FollowUp followUp) {
            openings.add(new Opening(co.item(), expected, co.schedule().version(), event, followUp));
            openingFor.add(co);
        }

        void opened(List<OpenResult> results) {
            for (int i = 0; i < openings.size(); i++) {
                Opening opening = openings.get(i);
                ClaimedOccurrence co = openingFor.get(i);
                OpenResult result = results.get(i);
                withSchedule(co.item(), () -> opened(co, opening, result));
            }
        }

        private void opened(ClaimedOccurrence co, Opening opening, OpenResult result) {
            NewEvent event = opening.event();
            switch (result) {
                case OPENED -> {
                    if (event.type() != EventType.STARTED) {
                        // a final state written; a STARTED counts with its call
                        tally.processed();
                    }
                    switch (event.type()) {
                        case STARTED -> {
                            tally.started.increment();
                            listener.attemptStarted(event.key(), event.request());
                            calls.add(new BankCall(co, null, false, event.key(), event.request(), 0));
                        }
                        case SKIPPED -> tally.skipped.increment();
                        case CANCELLED -> tally.cancelled.increment();
                        case DEAD_LETTERED -> {
                            tally.deadLettered.increment();
                            alarm(Alarm.Kind.DEAD_LETTERED, co, "dead-lettered after " + event.detail()
                                    + ", last code " + event.code());
                        }
                        default -> {
                        }
                    }
                    if (event.type() != EventType.STARTED) {
                        listener.recorded(event.key(), event.type(), event.code());
                    }
                }
                case FENCED, REFUSED -> {
                    // the schedule changed, or a twin decision won: decide again from fresh state
                    tally.fenced.increment();
                    listener.fenced(co.item().occurrence(), result.name());
                    LOG.debug("{} of {} not written: {}", event.type(), event.key(), result);
                    recordings.add(new Recording(co.item(), List.of(), FollowUp.retryAt(now, "REDECIDE")));
                }
                case FAILED -> {
                    workers.storeStrain();
                    alarm(Alarm.Kind.STORE_FAILURE, co, "writing " + event.type() + " of " + event.key()
                            + " failed; retried after the lease");
                }
            }
        }

        void call() {
            fanOut.runAll(calls, call -> withSchedule(call.co.item(), () -> {
                if (call.inquire) {
                    inquire(call);
                } else {
                    if (call.resend) {
                        tally.resent.increment();
                        listener.resending(call.key);
                    }
                    send(call);
                }
            }));
        }

        private void inquire(BankCall call) {
            tally.inquired.increment();
            LaneResult<InquiryResult> result = lane.inquire(call.request.idempotencyKey());
            Instant at = time.now();
            if (result instanceof LaneResult.NotSent<InquiryResult> notSent) {
                notSent(call, notSent, at);
                return;
            }
            InquiryResult answer = ((LaneResult.Answered<InquiryResult>) result).answer();
            listener.inquired(call.key, answer.getClass().getSimpleName());
            if (answer instanceof InquiryResult.Executed executed) {
                outcome(call, executed.answer(), at);
            } else if (answer instanceof InquiryResult.Rejected rejected) {
                outcome(call, rejected.answer(), at);
            } else if (answer instanceof InquiryResult.NotFound) {
                // not a failure: the request may still arrive; the same key is sent again while the
                // bank keeps keys (the planner checked the retention)
                tally.resent.increment();
                listener.resending(call.key);
                send(call);
            } else {
                String reason = answer instanceof InquiryResult.InProgress ? "IN_PROGRESS" : "INQUIRY_UNAVAILABLE";
                recordings.add(new Recording(call.co.item(), List.of(), FollowUp
                        .retryAt(askAgainAt(call, at, retries.afterInProgress(call.unknowns + 1,
                                Duration.between(call.request.createdAt(), at))), reason)
                        .withAdvance(advancer.whileOpen(call.co.schedule(), date(call.co), at))));
            }
        }

        private void send(BankCall call) {
            LaneResult<TransferOutcome> result = lane.transfer(call.request);
            Instant at = time.now();
            if (result instanceof LaneResult.NotSent<TransferOutcome> notSent) {
                // not progress: nothing reached the bank
                notSent(call, notSent, at);
                return;
            }
            tally.processed();
            TransferOutcome answer = ((LaneResult.Answered<TransferOutcome>) result).answer();
            rollout.judged(answer);
            outcome(call, answer, at);
        }

        private void notSent(BankCall call, LaneResult.NotSent<?> notSent, Instant at) {
            tally.notSent.increment();
            listener.notSent(call.co.item().occurrence(), call.co.item().bankCode(), notSent.reason().name(),
                    notSent.retryAfter());
            recordings.add(new Recording(call.co.item(), List.of(),
                    FollowUp.retryAt(at.plus(retries.afterNotSent(notSent.retryAfter())),
                            "NOT_SENT_" + notSent.reason().name())));
        }

        private void outcome(BankCall call, TransferOutcome outcome, Instant at) {
            ClaimedOccurrence co = call.co;
            if (outcome instanceof TransferOutcome.Accepted accepted) {
                List<String> mismatches = accepted.echoMismatches(call.request);
                if (!mismatches.isEmpty()) {
                    alarm(Alarm.Kind.ECHO_MISMATCH, co, "the bank's answer for " + call.key + " differs in "
                            + mismatches + "; recorded UNKNOWN, never success");
                    unknown(call, "ECHO_MISMATCH", "answer differs in " + mismatches, at);
                    return;
                }
                tally.succeeded();
                recordings.add(new Recording(co.item(), List.of(new NewEvent(call.key, EventType.SUCCEEDED, at, null,
                        accepted.externalTransactionId(), null, null)), FollowUp.done()
                        .withAdvance(advancer.afterEnd(co.schedule(), date(co), at, at))));
            } else if (outcome instanceof TransferOutcome.Rejected rejected) {
                RejectionCode code = rejected.code();
                if (code.kind().closesKey()) {
                    failed(call, code.code(), rejected.message(), at);
                } else if (code.kind() == RejectionCode.Kind.EXPIRED) {
                    // this send did not execute, but an earlier one may have: only a person can tell
                    recordings.add(escalation(co, call.key, call.request, at, code.code(),
                            "the bank refused the request as older than its key retention"));
                } else {
                    recordings.add(new Recording(co.item(), List.of(),
                            FollowUp.retryAt(at.plus(retries.afterUnprocessedRejection()), "NOT_SENT_" + code.code())));
                }
            } else {
                TransferOutcome.Unknown unknown = (TransferOutcome.Unknown) outcome;
                if (unknown.reason() == UnknownReason.KEY_REUSED_WITH_OTHER_BODY) {
                    alarm(Alarm.Kind.KEY_REUSED, co, "the bank says key " + call.key
                            + " was used with another body; recorded UNKNOWN");
                }
                unknown(call, unknown.reason().name(), unknown.detail(), at);
            }
        }

        private void failed(BankCall call, String code, String message, Instant at) {
            ClaimedOccurrence co = call.co;
            tally.failed();
            int failures = co.history().failuresSinceRequeue() + 1;
            NewEvent failedEvent = new NewEvent(call.key, EventType.FAILED, at, null, null, code, truncate(message));
            if (retries.exhausted(co.item().priority(), failures, code)) {
                tally.deadLettered.increment();
                alarm(Alarm.Kind.DEAD_LETTERED, co, "dead-lettered after " + failures + " definitive failures, last "
                        + code);
                recordings.add(new Recording(co.item(), List.of(failedEvent,
                        NewEvent.of(call.key, EventType.DEAD_LETTERED, at, code, failures + " definitive failures")),
                        FollowUp.done()
                                .withDeadLetter(new DeadLetterEntry(call.key, call.request.idempotencyKey(),
                                        DeadLetterKind.EXHAUSTED, code,
                                        failures + " definitive failures"))
                                .withAdvance(advancer.afterEnd(co.schedule(), date(co), null, at))));
            } else {
                recordings.add(new Recording(co.item(), List.of(failedEvent), FollowUp
                        .retryAt(at.plus(retries.afterFailure(co.item().priority(), failures)), code)
                        .withRetryCount(failures)
                        .withAdvance(advancer.whileOpen(co.schedule(), date(co), at))));
            }
        }

        /**
         * When to look at an open attempt again: after the wait, but never past the last moment the
         * key may still be re-sent (the bank's retention less the margin), where the planner hands
         * it to a person; a long wait would otherwise escalate late.
         */
        private Instant askAgainAt(BankCall call, Instant at, Duration wait) {
            Instant next = at.plus(wait);
            if (retention == null) {
                return next;
            }
            Instant resendUntil = retention.expiresAt(call.request.createdAt()).minus(config.resendMargin());
            return next.isAfter(resendUntil) && resendUntil.isAfter(at) ? resendUntil : next;
        }

        private void unknown(BankCall call, String code, String detail, Instant at) {
            tally.unknown.increment();
            recordings.add(new Recording(call.co.item(), List.of(NewEvent.of(call.key, EventType.UNKNOWN, at, code,
                    truncate(detail))), FollowUp
                    .retryAt(askAgainAt(call, at, retries.afterUnknown(call.unknowns + 1)), "UNKNOWN")
                    .withAdvance(advancer.whileOpen(call.co.schedule(), date(call.co), at))));
        }

        void record() {
            if (recordings.isEmpty()) {
                return;
            }
            long recordStart = System.nanoTime();
            List<RecordResult> results = store.record(recordings, nodeId, time.now());
            workers.storeCall(System.nanoTime() - recordStart);
            for (int i = 0; i < recordings.size(); i++) {
                Recording recording = recordings.get(i);
                RecordResult result = results.get(i);
                withSchedule(recording.item(), () -> recorded(recording, result));
            }
        }

        private void recorded(Recording recording, RecordResult result) {
            if (result.failed()) {
                workers.storeStrain();
                LOG.error("recording the outcome of work item {} failed; retried after the lease",
                        recording.item().id());
                listener.alarm(new Alarm(Alarm.Kind.STORE_FAILURE, time.now(), recording.item().bankCode(),
                        recording.item().occurrence(), "recording failed; retried after the lease"));
                return;
            }
            for (int e = 0; e < recording.events().size(); e++) {
                if (result.inserted().get(e)) {
                    NewEvent event = recording.events().get(e);
                    listener.recorded(event.key(), event.type(), event.code());
                }
            }
        }

        private Recording escalation(ClaimedOccurrence co, AttemptKey key, TransferRequest request, Instant at,
                String code, String detail) {
            tally.escalated.increment();
            alarm(Alarm.Kind.UNRESOLVED, co, "attempt " + key + " (sent as " + request.idempotencyKey() + "): " + detail
                    + "; a person must find out what the bank did");
            return new Recording(co.item(), List.of(NewEvent.of(key, EventType.DEAD_LETTERED, at, code, detail)),
                    FollowUp.done()
                            .withDeadLetter(new DeadLetterEntry(key, request.idempotencyKey(), DeadLetterKind.UNRESOLVED,
                                    code, detail))
                            .withAdvance(advancer.afterEnd(co.schedule(), date(co), null, at)));
        }

        /** The key the attempt sent, as its STARTED recorded it (a failed attempt always has one). */
        private String bankKey(ClaimedOccurrence co, AttemptKey key) {
            return co.history().recordedRequest(key.attempt()).map(TransferRequest::idempotencyKey)
                    .orElseGet(() -> config.keyPrefix() + key.format());
        }

        private void alarm(Alarm.Kind kind, ClaimedOccurrence co, String detail) {
            LOG.warn("{}: {} {}", kind, co.item().occurrence(), detail);
            listener.alarm(new Alarm(kind, time.now(), co.item().bankCode(), co.item().occurrence(), detail));
        }
    }

    /** The nominal date of the claimed occurrence. */
    private static LocalDate date(ClaimedOccurrence co) {
        return co.item().occurrence().nominalDate();
    }

    /** The text cut to the 500 characters of a history column, or null. */
    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
